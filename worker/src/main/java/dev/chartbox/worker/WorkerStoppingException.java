package dev.chartbox.worker;

/**
 * The worker began to stop while this job ran: nothing is published and the offset stays
 * uncommitted, so another worker runs the job again.
 */
public class WorkerStoppingException extends RuntimeException {
    public WorkerStoppingException(String jobId) {
        super("worker stopping; job " + jobId + " left for another worker");
    }
}
