package dev.chartbox.worker;

/**
 * The sandbox itself failed (its INTERNAL_ERROR), not the program. Retried like S3 or Kafka, but on
 * its own, smaller budget ({@code chartbox.worker.retry.sandbox-retries}): each retry runs the
 * program again, up to its whole deadline, and a failure that repeats must not hold a sandbox slot
 * for seven deadlines.
 */
public class SandboxFailureException extends InfrastructureException {
    public SandboxFailureException(String message) {
        super(message, null);
    }
}
