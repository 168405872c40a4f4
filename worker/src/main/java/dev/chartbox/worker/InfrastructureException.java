package dev.chartbox.worker;

/** chartbox's own machinery failed (S3, Kafka): retried with backoff, never the program's fault. */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
