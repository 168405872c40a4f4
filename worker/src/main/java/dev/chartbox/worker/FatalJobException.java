package dev.chartbox.worker;

/**
 * A job chartbox must not try again: it ends at once with one INTERNAL_ERROR result carrying
 * {@link #getMessage()}, and its record goes to the dead-letter topic. For faults that would repeat
 * on every attempt (a job that keeps stopping its workers, a sandbox result chartbox refuses to
 * publish), where retries would only loop.
 *
 * @see JobRecoverer
 */
public class FatalJobException extends RuntimeException {

    /** Delivered again after attempts that each ended their worker. */
    public static final String STOPPED_WORKER = "stopped_worker";
    /** The sandbox's result breaks a rule of the worker (an artifact name): a chartbox bug. */
    public static final String INVALID_RESULT = "invalid_result";

    private final String reason;

    /** @param reason the {@code reason} label of {@code chartbox_jobs_dead_lettered_total}, e.g. {@code stopped_worker} */
    public FatalJobException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** The job was delivered again after {@code attempts} attempts that each ended their worker. */
    public static FatalJobException stoppedWorker(int attempts) {
        return new FatalJobException(STOPPED_WORKER,
                "the job stopped its worker " + attempts + (attempts == 1 ? " time" : " times"));
    }
}
