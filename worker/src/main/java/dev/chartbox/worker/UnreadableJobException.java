package dev.chartbox.worker;

/** A record on the jobs topic that is not a job request: dead-lettered at once, never retried. */
public class UnreadableJobException extends RuntimeException {
    public UnreadableJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
