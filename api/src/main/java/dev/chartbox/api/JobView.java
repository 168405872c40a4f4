package dev.chartbox.api;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import java.time.Instant;
import java.util.Map;

/**
 * What this replica knows of one job, merged from its request record and its events, in whatever
 * order they arrive (the two topics are read independently). The first request and the first final
 * event win; later duplicates change nothing. Code and files are not kept.
 *
 * @param submission the request's bookkeeping, null until the request record is read
 * @param running    the first RUNNING event, null until one is read
 * @param result     the first final event, null until one is read
 */
public record JobView(String jobId, Submission submission, JobEvent running, JobEvent result) {

    /**
     * @param correlationId the record's correlation header
     */
    public record Submission(Instant submittedAt, String requestSha256, String idempotencyKey,
            Map<String, String> metadata, String correlationId) {

        static Submission of(JobRequest request, String correlationId) {
            return new Submission(request.submittedAt(), request.requestSha256(), request.idempotencyKey(),
                    request.metadata(), correlationId);
        }
    }

    public static JobView empty(String jobId) {
        return new JobView(jobId, null, null, null);
    }

    public JobStatus status() {
        if (result != null) {
            return result.status();
        }
        return running != null ? JobStatus.RUNNING : JobStatus.QUEUED;
    }

    public boolean isFinal() {
        return result != null;
    }

    JobView withRequest(JobRequest request, String correlationId) {
        return submission != null ? this : new JobView(jobId, Submission.of(request, correlationId), running, result);
    }

    JobView withEvent(JobEvent event) {
        if (event.isFinal()) {
            return result != null ? this : new JobView(jobId, submission, running, event);
        }
        return running != null ? this : new JobView(jobId, submission, event, result);
    }
}
