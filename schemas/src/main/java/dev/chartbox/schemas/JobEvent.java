package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change in a job's state: the value of a record on {@link Topics#RESULTS}, keyed by job id. One
 * envelope for both kinds, told apart by {@code status}: a {@link JobStatus#RUNNING} event
 * ({@link #running}) carries only who runs it and since when; a final event ({@link #finished})
 * carries the result. Consumers take the first final event per job and ignore any later ones.
 *
 * <p>{@code requestSha256}, copied from the {@link JobRequest} the event is about, lets a consumer
 * ignore events about a different request that happened to carry the same job id (two clients racing
 * with one Idempotency-Key and different bodies); optional, but workers should set it.
 *
 * <p>{@code stdout} and {@code stderr} carry at most their first 64 KiB inline; a longer stream is
 * stored whole in S3 and referenced by {@code stdoutObject} / {@code stderrObject}, so a result
 * always fits in one record. {@code stdoutTruncated} keeps its one meaning: the sandbox's cap cut the
 * stream.
 *
 * <p>{@code display} is the program's notebook-style last value; each artifact may carry the chart
 * data of its figure ({@link ArtifactRef#chart()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        String jobId,
        JobStatus status,
        String workerId,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String stdout,
        Boolean stdoutTruncated,
        String stderr,
        Boolean stderrTruncated,
        JobError error,
        List<ArtifactRef> artifacts,
        PhaseTimings timings,
        GuestRef guest,
        String requestSha256,
        StoredObject stdoutObject,
        StoredObject stderrObject,
        Display display) {

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        if (status == JobStatus.QUEUED) {
            throw new IllegalArgumentException("QUEUED is never published as an event");
        }
        artifacts = artifacts == null ? null : List.copyOf(artifacts);
    }

    public static JobEvent running(String jobId, String workerId, Instant startedAt) {
        return new JobEvent(jobId, JobStatus.RUNNING, workerId, startedAt, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** The same event, tied to the request with this fingerprint ({@link JobRequest#requestSha256()}). */
    public JobEvent withRequestSha256(String value) {
        return new JobEvent(jobId, status, workerId, startedAt, finishedAt, exitCode, stdout, stdoutTruncated, stderr,
                stderrTruncated, error, artifacts, timings, guest, value, stdoutObject, stderrObject, display);
    }

    /** Starts a final event; {@link Builder#build()} fills {@code finishedAt} with now if unset. */
    public static Builder finished(String jobId, JobStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        return new Builder(jobId, status);
    }

    @JsonIgnore
    public boolean isFinal() {
        return status.isFinal();
    }

    /** Fills a final event field by field; unset fields stay absent on the wire. */
    public static final class Builder {
        private final String jobId;
        private final JobStatus status;
        private String workerId;
        private Instant startedAt;
        private Instant finishedAt;
        private Integer exitCode;
        private String stdout = "";
        private boolean stdoutTruncated;
        private String stderr = "";
        private boolean stderrTruncated;
        private JobError error;
        private List<ArtifactRef> artifacts = List.of();
        private PhaseTimings timings;
        private GuestRef guest;
        private String requestSha256;
        private StoredObject stdoutObject;
        private StoredObject stderrObject;
        private Display display;

        private Builder(String jobId, JobStatus status) {
            this.jobId = jobId;
            this.status = status;
        }

        public Builder workerId(String value) {
            this.workerId = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            this.startedAt = value;
            return this;
        }

        public Builder finishedAt(Instant value) {
            this.finishedAt = value;
            return this;
        }

        public Builder exitCode(Integer value) {
            this.exitCode = value;
            return this;
        }

        public Builder stdout(String text, boolean truncated) {
            this.stdout = text;
            this.stdoutTruncated = truncated;
            return this;
        }

        public Builder stderr(String text, boolean truncated) {
            this.stderr = text;
            this.stderrTruncated = truncated;
            return this;
        }

        /** The whole stdout in S3, when {@code stdout} holds only its head. */
        public Builder stdoutObject(StoredObject value) {
            this.stdoutObject = value;
            return this;
        }

        /** The whole stderr in S3, when {@code stderr} holds only its head. */
        public Builder stderrObject(StoredObject value) {
            this.stderrObject = value;
            return this;
        }

        /** The program's notebook-style last value. */
        public Builder display(Display value) {
            this.display = value;
            return this;
        }

        public Builder error(JobError value) {
            this.error = value;
            return this;
        }

        public Builder artifacts(List<ArtifactRef> value) {
            this.artifacts = value;
            return this;
        }

        public Builder timings(PhaseTimings value) {
            this.timings = value;
            return this;
        }

        public Builder guest(GuestRef value) {
            this.guest = value;
            return this;
        }

        /** The fingerprint of the request this result is for ({@link JobRequest#requestSha256()}). */
        public Builder requestSha256(String value) {
            this.requestSha256 = value;
            return this;
        }

        public JobEvent build() {
            return new JobEvent(jobId, status, workerId, startedAt, finishedAt == null ? Instant.now() : finishedAt,
                    exitCode, stdout, stdoutTruncated, stderr, stderrTruncated, error, artifacts, timings, guest, requestSha256,
                    stdoutObject, stderrObject, display);
        }
    }
}
