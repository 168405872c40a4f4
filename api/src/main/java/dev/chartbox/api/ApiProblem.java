package dev.chartbox.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of every refusal (RFC 9457 problem details plus our members), for the OpenAPI document
 * only: the API writes these with Spring's {@code ProblemDetail}.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details; field names the culprit, reason is the metric label")
record ApiProblem(
        @Schema(description = "a URI reference; about:blank when the status says it all") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "400", maximum = "599") int status,
        String detail,
        String instance,
        @Schema(description = "the first offending field, e.g. limits.memoryMiB, files[1].name, body, id, Idempotency-Key, credentials") String field,
        @Schema(description = "every offending field") List<FieldError> errors,
        @Schema(description = "low-cardinality cause: invalid, too_large, limits, idempotency_conflict, not_found, quota, unauthenticated, forbidden") String reason) {

    record FieldError(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String field,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String message) {}
}
