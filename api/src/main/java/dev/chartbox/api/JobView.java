package dev.chartbox.api;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import java.time.Instant;
import java.util.Map;

/**
 * What this replica knows of one job, merged from its request record and its events, in whatever
 * order they arrive (the two topics are read independently). The first request and the first final
 * event win; later duplicates change nothing, and events that name another request's fingerprint
 * are ignored. Code and files are not kept.
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

        /** Whether an event is about this request: it names no fingerprint, or this one. */
        boolean isFor(JobEvent event) {
            return event == null || event.requestSha256() == null || event.requestSha256().equals(requestSha256);
        }

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
        if (submission != null) {
            return this;
        }
        Submission first = Submission.of(request, correlationId);
        // Events read before the request may belong to a losing request with the same id.
        return new JobView(jobId, first, first.isFor(running) ? running : null, first.isFor(result) ? result : null);
    }

    JobView withEvent(JobEvent event) {
        if (submission != null && !submission.isFor(event)) {
            return this;
        }
        if (event.isFinal()) {
            return result != null ? this : new JobView(jobId, submission, running, event);
        }
        return running != null ? this : new JobView(jobId, submission, event, result);
    }
}
