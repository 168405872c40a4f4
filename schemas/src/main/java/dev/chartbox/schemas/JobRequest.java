package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A submitted job: the value of a record on {@link Topics#JOBS}, keyed by {@code jobId}. The
 * submission's fields plus what the API adds.
 *
 * @param jobId          the job's id (the record key too)
 * @param submittedAt    when the API accepted it
 * @param owner          the tenant that submitted it (API key's tenant or token subject); only it may read the job
 * @param requestSha256  {@link Fingerprints#of(JobSubmission)} of the submission
 * @param limits         null when the client asked for none (the worker's defaults apply)
 * @param idempotencyKey the client's {@code Idempotency-Key}, when it sent one (unique per owner)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobRequest(
        String jobId,
        Instant submittedAt,
        String owner,
        String code,
        List<InputFile> files,
        JobLimits limits,
        List<ChartFormat> formats,
        Map<String, String> metadata,
        String requestSha256,
        String idempotencyKey) {

    public JobRequest {
        files = files == null ? List.of() : List.copyOf(files);
        formats = formats == null ? List.of() : List.copyOf(formats);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        limits = JobLimits.NONE.equals(limits) ? null : limits;
    }

    public static JobRequest of(String jobId, Instant submittedAt, String owner, JobSubmission submission, String idempotencyKey) {
        JobSubmission canonical = submission.canonical();
        return new JobRequest(jobId, submittedAt, owner, canonical.code(), canonical.files(), canonical.limits(),
                canonical.formats(), canonical.metadata(), Fingerprints.of(canonical), idempotencyKey);
    }

    /** The client's part of this request. */
    public JobSubmission submission() {
        return new JobSubmission(code, files, limits, formats, metadata);
    }
}
