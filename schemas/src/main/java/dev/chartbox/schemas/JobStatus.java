package dev.chartbox.schemas;

/**
 * Where a job is. QUEUED → RUNNING → exactly one final status. QUEUED is never published as an
 * event: a record on {@link Topics#JOBS} is what makes a job queued.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    /** The program ended with exit code 0. */
    SUCCEEDED,
    /** The program raised, exited non-zero or trapped: a result, never retried. */
    FAILED,
    TIMED_OUT,
    MEMORY_EXCEEDED,
    OUTPUT_LIMIT_EXCEEDED,
    /** The job could not be read or asked for more than the worker allows; it never ran. */
    REJECTED,
    /** chartbox itself failed (past its retry budget); not the program's fault. */
    INTERNAL_ERROR;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
