package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobSubmission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The jobs resource: submit, read (optionally long-polling), follow as server-sent events, download artifacts. */
@RestController
@RequestMapping("/v1/jobs")
public class JobsController {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final JobService jobs;
    private final JobResponses responses;
    private final JobEvents events;
    private final ArtifactStore artifacts;
    private final ApiProperties properties;

    public JobsController(JobService jobs, JobResponses responses, JobEvents events, ArtifactStore artifacts, ApiProperties properties) {
        this.jobs = jobs;
        this.responses = responses;
        this.events = events;
        this.artifacts = artifacts;
        this.properties = properties;
    }

    @Operation(summary = "Submit a job", description = "202 with the job's id and status and its URL in Location. "
            + "With an Idempotency-Key, the same key and body return the same job; the same key with another body is 409.")
    @ApiResponse(responseCode = "202", description = "accepted (or an earlier submission with the same Idempotency-Key and body)")
    @ApiResponse(responseCode = "400", description = "invalid body or limits above the maximums; field names the culprit", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with a different body", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "code, files or body over the configured sizes", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Kafka did not take the job; retry", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobResponse> submit(
            @RequestBody JobSubmission submission,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId) {
        JobService.Accepted accepted = jobs.submit(submission, idempotencyKey, correlationId);
        JobResponse body = responses.of(accepted.job(), base());
        return ResponseEntity.accepted()
                .location(URI.create(body.links().self()))
                .header(REPLAYED, Boolean.toString(accepted.replayed()))
                .header(CORRELATION_ID, java.util.Objects.requireNonNullElse(accepted.job().submission().correlationId(), body.id()))
                .body(body);
    }

    @Operation(summary = "Read a job", description = "With wait=N, answers as soon as the job is final or after N seconds "
            + "(capped by chartbox.api.max-wait), whichever comes first.")
    @ApiResponse(responseCode = "200", description = "the job")
    @ApiResponse(responseCode = "404", description = "unknown job", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<JobResponse>> get(
            @PathVariable String id,
            @Parameter(description = "seconds to wait for a final status") @RequestParam(required = false) Double wait) {
        JobView now = find(id);
        URI base = base();
        if (wait == null || wait <= 0 || now.isFinal()) {
            DeferredResult<ResponseEntity<JobResponse>> done = new DeferredResult<>();
            done.setResult(ResponseEntity.ok(responses.of(now, base)));
            return done;
        }
        Duration timeout = Duration.ofMillis((long) (Math.min(wait, properties.maxWait().toMillis() / 1000.0) * 1000));
        return events.awaitFinal(id, timeout, view -> ResponseEntity.ok(responses.of(view, base)));
    }

    @Operation(summary = "Follow a job", description = "Server-sent events named queued, running and result (each with the "
            + "job as data); the stream ends after result.")
    @ApiResponse(responseCode = "404", description = "unknown job", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter follow(@PathVariable String id, jakarta.servlet.http.HttpServletResponse response) {
        find(id);
        // Tell nginx-style proxies not to buffer the stream, and caches not to keep it.
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        return events.stream(id, base());
    }

    @Operation(summary = "Download an artifact", description = "Streams the artifact from S3; Repr-Digest carries its sha256.")
    @ApiResponse(responseCode = "404", description = "unknown job or artifact", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "S3 not configured or unreachable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/{id}/artifacts/{name}")
    public ResponseEntity<StreamingResponseBody> artifact(@PathVariable String id, @PathVariable String name) {
        JobView view = find(id);
        List<ArtifactRef> refs = view.result() == null || view.result().artifacts() == null ? List.of() : view.result().artifacts();
        ArtifactRef ref = refs.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new RequestRejectedException(
                HttpStatus.NOT_FOUND, "not_found", "Job " + id + " has no artifact '" + name + "'.", List.of(new FieldProblem("name", "no such artifact"))));
        if (!artifacts.configured()) {
            throw new ArtifactsUnavailableException("no S3 endpoint is configured (chartbox.s3.endpoint)");
        }
        InputStream in;
        try {
            in = artifacts.open(ref);
        } catch (Exception e) {
            throw new ArtifactsUnavailableException("could not read the artifact from S3: " + e.getMessage());
        }
        String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ref.sha256()));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ref.contentType()))
                .contentLength(ref.size())
                .eTag("\"" + ref.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + digest + ":")
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                .body(out -> {
                    try (in) {
                        in.transferTo(out);
                    }
                });
    }

    private JobView find(String id) {
        return jobs.find(id).orElseThrow(() -> new RequestRejectedException(HttpStatus.NOT_FOUND, "not_found",
                "No job with id " + id + " (unknown, or older than the topics' retention).", List.of(new FieldProblem("id", "unknown job"))));
    }

    private static URI base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUri();
    }

    /** S3 is not configured or not reachable: 503. */
    public static class ArtifactsUnavailableException extends RuntimeException {
        ArtifactsUnavailableException(String message) {
            super(message);
        }
    }
}
