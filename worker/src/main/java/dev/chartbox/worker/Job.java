package dev.chartbox.worker;

import dev.chartbox.sandbox.SandboxRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * A job read from the jobs topic.
 *
 * @param id            the job id (also the record key)
 * @param correlationId echoed on every event and result of this job
 * @param submittedAt   when the api accepted it (for end-to-end latency)
 * @param request       what to run, or empty when the request cannot run (see {@code rejection})
 * @param rejection     why the request cannot run, e.g. limits above the maximums, naming the field
 */
public record Job(String id, String correlationId, Instant submittedAt, Optional<SandboxRequest> request, Optional<String> rejection) {

    public static Job runnable(String id, String correlationId, Instant submittedAt, SandboxRequest request) {
        return new Job(id, correlationId, submittedAt, Optional.of(request), Optional.empty());
    }

    public static Job rejected(String id, String correlationId, Instant submittedAt, String reason) {
        return new Job(id, correlationId, submittedAt, Optional.empty(), Optional.of(reason));
    }
}
