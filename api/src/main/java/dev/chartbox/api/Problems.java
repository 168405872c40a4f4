package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * RFC 9457 problem details for every refused request, naming the field at fault ({@code field}, and
 * all of them in {@code errors}), and the count of refusals by reason.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private final MeterRegistry registry;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public Problems(MeterRegistry registry) {
        this.registry = registry;
        for (String reason : List.of("invalid", "too_large", "limits", "idempotency_conflict", "not_found", "quota",
                AuthProblems.UNAUTHENTICATED, AuthProblems.FORBIDDEN)) {
            counter(reason);
        }
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        ResponseEntity<ProblemDetail> problem = problem(e.status(), e.reason(), e.getMessage(), e.problems());
        if (e instanceof TenantQuotas.QuotaExceededException quota) {
            return ResponseEntity.status(problem.getStatusCode())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(quota.retryAfterSeconds()))
                    .body(problem.getBody());
        }
        return problem;
    }

    @ExceptionHandler(JobPublisher.PublishFailedException.class)
    ResponseEntity<ProblemDetail> unavailable(JobPublisher.PublishFailedException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not take the job; retry (with the same Idempotency-Key to stay safe).");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(body);
    }

    @ExceptionHandler(JobsController.ArtifactsUnavailableException.class)
    ResponseEntity<ProblemDetail> artifactsUnavailable(JobsController.ArtifactsUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid", "A parameter has the wrong type.",
                List.of(new FieldProblem(e.getName(), "must be a " + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName()))));
    }

    /** Malformed JSON, wrong types and unknown fields: Jackson knows the path to the field. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        BodyLimitFilter.BodyTooLargeException tooLarge = find(e, BodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            return new ResponseEntity<>(problem(HttpStatus.CONTENT_TOO_LARGE, SubmissionValidator.TOO_LARGE,
                    "The request body is larger than " + tooLarge.limit + " bytes.",
                    List.of(new FieldProblem("body", "is larger than " + tooLarge.limit + " bytes"))).getBody(), HttpStatus.CONTENT_TOO_LARGE);
        }
        FieldProblem problem = describe(e);
        return new ResponseEntity<>(problem(HttpStatus.BAD_REQUEST, "invalid", "The request body could not be read.", List.of(problem)).getBody(),
                HttpStatus.BAD_REQUEST);
    }

    static FieldProblem describe(Throwable e) {
        JacksonException jackson = find(e, JacksonException.class);
        if (jackson == null) {
            return new FieldProblem("body", "is missing or not JSON");
        }
        if (jackson instanceof StreamReadException && jackson.getPath().isEmpty()) {
            var at = jackson.getLocation();
            return new FieldProblem("body", "is not well-formed JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        String field = path(jackson.getPath());
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(field, "is not a known field (" + unknown.getPropertyName() + ")");
        }
        Throwable cause = jackson.getCause();
        String why = cause != null && cause.getMessage() != null ? cause.getMessage() : "has the wrong type";
        return new FieldProblem(field.isEmpty() ? "body" : field, cause instanceof IllegalArgumentException ? why : "has the wrong type");
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private ResponseEntity<ProblemDetail> problem(HttpStatus status, String reason, String detail, List<FieldProblem> problems) {
        counter(reason).increment();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (!problems.isEmpty()) {
            body.setProperty("field", problems.getFirst().field());
            body.setProperty("errors", problems);
        }
        body.setProperty("reason", reason);
        return ResponseEntity.status(status).body(body);
    }

    private Counter counter(String reason) {
        return rejected.computeIfAbsent(reason, r -> rejections(registry, r));
    }

    /** The count of refusals for one reason ({@code chartbox_requests_rejected_total{reason}}). */
    static Counter rejections(MeterRegistry registry, String reason) {
        return Counter.builder("chartbox.requests.rejected")
                .description("Requests the API refused, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
