package dev.chartbox.schemas;

/** Default topic names. Apps make them configurable; these are the defaults both sides agree on. */
public final class Topics {
    /** Submitted jobs ({@link JobRequest}), keyed by job id. */
    public static final String JOBS = "chartbox.jobs";
    /** Job events ({@link JobEvent}: RUNNING, then one final result), keyed by job id. */
    public static final String RESULTS = "chartbox.results";
    /** Job records the worker could not process (the original bytes plus spring-kafka's exception headers). */
    public static final String DEAD_LETTER = "chartbox.jobs.dlt";

    private Topics() {}
}
