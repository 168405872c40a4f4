package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobSubmission;
import dev.chartbox.schemas.StoredObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.links.Link;
import io.swagger.v3.oas.annotations.links.LinkParameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import tools.jackson.databind.JsonNode;

/**
 * The jobs resource: submit, read (optionally long-polling), follow as server-sent events, download
 * artifacts and whole output streams. Every job belongs to the tenant that submitted it; to anyone
 * else it does not exist (404, the same answer as for an unknown id).
 */
@RestController
@RequestMapping("/v1/jobs")
public class JobsController {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_TENANT_LENGTH = 255;
    /** A number as JSON writes one: what the OpenAPI document's {@code wait} (a number) allows. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** A job id as the schemas define it (ours are UUIDs). */
    static final String JOB_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";
    /** An artifact name that can travel in a URL path: no separators, no %, ;, control characters, not hidden. */
    static final String ARTIFACT_NAME = "^[^./\\\\;%\\u0000-\\u001f\\u007f\\u2028\\u2029][^/\\\\;%\\u0000-\\u001f\\u007f\\u2028\\u2029]{0,254}$";
    /** The Idempotency-Key header: 1 to 255 printable ASCII characters. */
    static final String IDEMPOTENCY_KEY_PATTERN = "^[\\x20-\\x7e]{1,255}$";
    private static final Logger log = LoggerFactory.getLogger(JobsController.class);

    private final JobService jobs;
    private final JobResponses responses;
    private final JobEvents events;
    private final ArtifactStore artifacts;
    private final TenantQuotas quotas;
    private final S3Properties s3;
    private final SubmissionReader submissions;
    private final ApiProperties properties;

    public JobsController(JobService jobs, JobResponses responses, JobEvents events, ArtifactStore artifacts, TenantQuotas quotas,
            S3Properties s3, SubmissionReader submissions, ApiProperties properties) {
        this.jobs = jobs;
        this.responses = responses;
        this.events = events;
        this.artifacts = artifacts;
        this.quotas = quotas;
        this.s3 = s3;
        this.submissions = submissions;
        this.properties = properties;
    }

    @Operation(operationId = "submitJob", summary = "Submit a job", description = "202 with the job's id and status and its URL in Location. "
            + "With an Idempotency-Key, the same key and body return the same job; the same key with another body is 409. "
            + "Keys are per tenant and remembered as long as the job is kept (chartbox.api.store.retention).")
    @ApiResponse(responseCode = "202", description = "accepted (or an earlier submission with the same Idempotency-Key and body)",
            links = {
                    @Link(name = "GetJob", operationId = "getJob", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
                    @Link(name = "FollowJob", operationId = "followJob", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
                    @Link(name = "GetStdout", operationId = "getOutput", parameters = {
                            @LinkParameter(name = "id", expression = "$response.body#/id"), @LinkParameter(name = "stream", expression = "stdout")}),
                    @Link(name = "GetArtifact", operationId = "getArtifact", parameters = @LinkParameter(name = "id", expression = "$response.body#/id"))})
    @ApiResponse(responseCode = "400", description = "invalid body or limits above the maximums; field names the culprit", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with a different body", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "413", description = "code, files or body over the configured sizes", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "415", description = "the body is not application/json", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "503", description = "Kafka did not take the job; retry", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobResponse> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobSubmission.class)))
            @RequestBody JsonNode json,
            @Parameter(schema = @Schema(pattern = IDEMPOTENCY_KEY_PATTERN)) @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
            @Parameter(hidden = true) Principal principal) {
        String tenant = tenant(principal);
        JobService.Accepted accepted = jobs.submit(tenant, submissions.read(json), idempotencyKey, correlationId);
        JobResponse body = responses.of(accepted.job(), base());
        return ResponseEntity.accepted()
                .location(URI.create(body.links().self()))
                .header(REPLAYED, Boolean.toString(accepted.replayed()))
                .header(CORRELATION_ID, Objects.requireNonNullElse(accepted.job().submission().correlationId(), body.id()))
                .body(body);
    }

    @Operation(operationId = "getJob", summary = "Read a job", description = "With wait=N, answers as soon as the job is final or after N seconds "
            + "(capped by chartbox.api.max-wait), whichever comes first.")
    @ApiResponse(responseCode = "200", description = "the job")
    @ApiResponse(responseCode = "400", description = "wait is not a number", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "404", description = "no such job for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<JobResponse>> get(
            @Parameter(description = "the job's id", schema = @Schema(pattern = JOB_ID)) @PathVariable String id,
            @Parameter(description = "seconds to wait for a final status") @RequestParam(required = false) Double wait,
            @Parameter(hidden = true) Principal principal, @Parameter(hidden = true) jakarta.servlet.http.HttpServletRequest request) {
        String[] waits = request.getParameterValues("wait");
        // Spring's conversion trims control characters and takes Java's own forms ("8d", "0x1p3"): check the text too
        if (waits != null && (waits.length > 1 || !DECIMAL.matcher(waits[0]).matches() || wait == null || !Double.isFinite(wait))) {
            throw new RequestRejectedException(HttpStatus.BAD_REQUEST, SubmissionValidator.INVALID, "wait must be one finite number of seconds.",
                    List.of(new FieldProblem("wait", "must be given once, as a finite number")));
        }
        String tenant = tenant(principal);
        JobView now = find(id, tenant);
        URI base = base();
        if (wait == null || !(wait > 0) || now.isFinal()) {
            DeferredResult<ResponseEntity<JobResponse>> done = new DeferredResult<>();
            done.setResult(ResponseEntity.ok(responses.of(now, base)));
            return done;
        }
        Runnable release = quotas.openWait(tenant);
        Duration timeout = Duration.ofMillis((long) (Math.min(wait, properties.maxWait().toMillis() / 1000.0) * 1000));
        return events.awaitFinal(id, timeout, view -> ResponseEntity.ok(responses.of(view, base)), release);
    }

    @Operation(operationId = "followJob", summary = "Follow a job", description = "Server-sent events named queued, running and result (each with the "
            + "job as data); the stream ends after result.")
    @ApiResponse(responseCode = "200", description = "the event stream; each event's data is the job as JSON (the Job schema)",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(ref = "#/components/schemas/" + OpenApiSetup.JOB_EVENT)))
    @ApiResponse(responseCode = "404", description = "no such job for this tenant", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter follow(@Parameter(description = "the job's id", schema = @Schema(pattern = JOB_ID)) @PathVariable String id, @Parameter(hidden = true) HttpServletResponse response, @Parameter(hidden = true) Principal principal) {
        String tenant = tenant(principal);
        find(id, tenant);
        Runnable release = quotas.openWait(tenant);
        // Tell nginx-style proxies not to buffer the stream, and caches not to keep it.
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        return events.stream(id, base(), release);
    }

    @Operation(operationId = "getArtifact", summary = "Download an artifact", description = "Streams the artifact from S3 as an attachment (never rendered "
            + "on this origin); Repr-Digest carries its sha256.")
    @ApiResponse(responseCode = "200", description = "the artifact's bytes, with its recorded Content-Type (any)", content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "no such job for this tenant, or no such artifact", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "503", description = "S3 not configured or unreachable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @GetMapping(path = "/{id}/artifacts/{name}")
    public ResponseEntity<StreamingResponseBody> artifact(@Parameter(description = "the job's id", schema = @Schema(pattern = JOB_ID)) @PathVariable String id,
            @Parameter(description = "the artifact's name", schema = @Schema(pattern = ARTIFACT_NAME)) @PathVariable String name,
            @Parameter(hidden = true) Principal principal) {
        JobView view = find(id, tenant(principal));
        List<ArtifactRef> refs = view.result() == null || view.result().artifacts() == null ? List.of() : view.result().artifacts();
        ArtifactRef ref = refs.stream().filter(a -> a.name().equals(name)).findFirst()
                .filter(a -> underJobPrefix(id, a.bucket(), a.objectKey()))
                .orElseThrow(() -> new RequestRejectedException(HttpStatus.NOT_FOUND, "not_found",
                        "Job " + id + " has no artifact '" + name + "'.", List.of(new FieldProblem("name", "no such artifact"))));
        String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ref.sha256()));
        return download(ref.bucket(), ref.objectKey(), name, ref.size())
                .contentType(mediaType(ref.contentType()))
                .eTag("\"" + ref.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + digest + ":")
                .body(stream(ref.bucket(), ref.objectKey()));
    }

    @Operation(operationId = "getOutput", summary = "Download a whole output stream", description = "stdout or stderr in full: from S3 when the worker "
            + "stored a long stream there (the job's stdout/stderr then hold only its head), else the text the job holds.")
    @ApiResponse(responseCode = "200", description = "the stream, as UTF-8 text", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "no such job for this tenant, or no result yet", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @ApiResponse(responseCode = "503", description = "S3 not configured or unreachable", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiProblem.class)))
    @GetMapping(path = "/{id}/{stream:stdout|stderr}")
    public ResponseEntity<StreamingResponseBody> output(@Parameter(description = "the job's id", schema = @Schema(pattern = JOB_ID)) @PathVariable String id,
            @Parameter(schema = @Schema(allowableValues = {"stdout", "stderr"})) @PathVariable String stream,
            @Parameter(hidden = true) Principal principal) {
        JobEvent result = find(id, tenant(principal)).result();
        if (result == null) {
            throw new RequestRejectedException(HttpStatus.NOT_FOUND, "not_found", "Job " + id + " has no result yet.",
                    List.of(new FieldProblem("id", "no result yet")));
        }
        boolean out = stream.equals("stdout");
        StoredObject stored = out ? result.stdoutObject() : result.stderrObject();
        String fileName = stream + ".txt";
        if (stored != null && underJobPrefix(id, stored.bucket(), stored.objectKey())) {
            return download(stored.bucket(), stored.objectKey(), fileName, stored.size())
                    .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .body(stream(stored.bucket(), stored.objectKey()));
        }
        byte[] text = Objects.requireNonNullElse(out ? result.stdout() : result.stderr(), "").getBytes(StandardCharsets.UTF_8);
        return attachment(fileName).contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .contentLength(text.length).body(sink -> sink.write(text));
    }

    /** The artifact's recorded type when it is a well-formed one (the record is the program's word). */
    private static MediaType mediaType(String recorded) {
        try {
            return MediaType.parseMediaType(recorded);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private boolean underJobPrefix(String jobId, String bucket, String objectKey) {
        if (s3.holdsJobObject(jobId, bucket, objectKey)) {
            return true;
        }
        log.warn("job {} names an object outside its prefix ({}/{}); not served", jobId, bucket, objectKey);
        return false;
    }

    private ResponseEntity.BodyBuilder download(String bucket, String objectKey, String fileName, long size) {
        if (!artifacts.configured()) {
            throw new ArtifactsUnavailableException("no S3 endpoint is configured (chartbox.s3.endpoint)");
        }
        return attachment(fileName).contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(size);
    }

    /**
     * Program output is hostile: a download, never a document of this origin (no sniffing, and a
     * sandbox without scripts even if a browser renders it anyway).
     */
    private static ResponseEntity.BodyBuilder attachment(String fileName) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store");
    }

    private StreamingResponseBody stream(String bucket, String objectKey) {
        InputStream in;
        try {
            in = artifacts.open(bucket, objectKey);
        } catch (Exception e) {
            throw new ArtifactsUnavailableException("could not read the object from S3: " + e.getMessage());
        }
        return out -> {
            try (in) {
                in.transferTo(out);
            }
        };
    }

    private JobView find(String id, String tenant) {
        return jobs.find(id, tenant).orElseThrow(() -> new RequestRejectedException(HttpStatus.NOT_FOUND, "not_found",
                "No job with id " + id + " (unknown, another tenant's, or no longer kept).", List.of(new FieldProblem("id", "unknown job"))));
    }

    /** The caller's tenant: the API key's, or the token's tenant claim. */
    static String tenant(Principal principal) {
        String name = principal == null ? null : principal.getName();
        if (name == null || name.isBlank() || name.length() > MAX_TENANT_LENGTH) {
            throw new RequestRejectedException(HttpStatus.FORBIDDEN, AuthProblems.FORBIDDEN,
                    "The credential names no tenant (or one over " + MAX_TENANT_LENGTH + " characters).",
                    List.of(new FieldProblem("credentials", "names no tenant")));
        }
        return name;
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
