package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.JobSubmission;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a submission's JSON into a {@link JobSubmission} with the strict mapper (no coercions,
 * integers as JSON Schema means them), first refusing explicit nulls: {@code "files": null} breaks
 * the contract as much as {@code "files": 5}, though a record cannot tell it from an absent field.
 */
@Component
class SubmissionReader {

    private final JsonMapper mapper;

    SubmissionReader(JsonMapper mapper) {
        this.mapper = mapper;
    }

    JobSubmission read(JsonNode body) {
        String nullAt = firstNull(body, "");
        if (nullAt != null) {
            throw invalid(new FieldProblem(nullAt.isEmpty() ? "body" : nullAt, "must not be null (leave the field out instead)"));
        }
        try {
            return mapper.treeToValue(body, JobSubmission.class);
        } catch (RuntimeException e) {
            throw invalid(Problems.describe(e));
        }
    }

    private static RequestRejectedException invalid(FieldProblem problem) {
        return new RequestRejectedException(HttpStatus.BAD_REQUEST, SubmissionValidator.INVALID, "The request body could not be read.",
                List.of(problem));
    }

    /** The path of the first JSON null in the tree, e.g. {@code files[1].name}; null when there is none. */
    private static String firstNull(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return path;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String found = firstNull(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNull(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
