package dev.chartbox.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the fields at fault. {@code reason} is the low-cardinality label
 * of {@code chartbox_requests_rejected_total}.
 */
public class RequestRejectedException extends RuntimeException {

    /** One thing wrong with one field; {@code field} is a path such as {@code files[1].name}. */
    public record FieldProblem(String field, String message) {}

    private final HttpStatus status;
    private final String reason;
    private final List<FieldProblem> problems;

    public RequestRejectedException(HttpStatus status, String reason, String detail, List<FieldProblem> problems) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public HttpStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
