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
     * @param owner         the tenant that submitted the job; null (nobody's) for a record without one
     * @param correlationId the record's correlation header
     */
    public record Submission(Instant submittedAt, String owner, String requestSha256, String idempotencyKey,
            Map<String, String> metadata, String correlationId) {

        /** Whether an event is about this request: it names no fingerprint, or this one. */
        boolean isFor(JobEvent event) {
            return event == null || event.requestSha256() == null || event.requestSha256().equals(requestSha256);
        }

        static Submission of(JobRequest request, String correlationId) {
            return new Submission(request.submittedAt(), request.owner(), request.requestSha256(), request.idempotencyKey(),
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

    /** Whether this tenant submitted the job (a job without a known owner is nobody's). */
    public boolean ownedBy(String tenant) {
        return submission != null && submission.owner() != null && submission.owner().equals(tenant);
    }

    /** Whether the job counts against its owner's jobs in flight: submitted, no final result yet. */
    boolean inFlight() {
        return submission != null && submission.owner() != null && result == null;
    }

    /** A rough count of the heap this view holds (strings at two bytes a char, plus object overhead). */
    long estimatedBytes() {
        long bytes = 400;
        if (submission != null) {
            bytes += 200 + 2L * (length(submission.owner()) + length(submission.idempotencyKey()) + length(submission.correlationId()));
            for (var entry : submission.metadata().entrySet()) {
                bytes += 80 + 2L * (entry.getKey().length() + entry.getValue().length());
            }
        }
        return bytes + estimatedBytes(running) + estimatedBytes(result);
    }

    private static long estimatedBytes(JobEvent event) {
        if (event == null) {
            return 0;
        }
        long bytes = 600 + 2L * (length(event.workerId()) + length(event.stdout()) + length(event.stderr()));
        if (event.error() != null) {
            bytes += 100 + 2L * (length(event.error().type()) + length(event.error().message()) + length(event.error().traceback()));
        }
        if (event.artifacts() != null) {
            for (var artifact : event.artifacts()) {
                bytes += 300 + 2L * (artifact.name().length() + artifact.objectKey().length() + artifact.bucket().length());
            }
        }
        return bytes;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
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
