package dev.chartbox.api;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobStatus;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a job into the result of the MCP tool {@code run_python}: one text block for the model
 * (status, stdout, stderr, the Python error with its traceback, the artifacts, chart data and the
 * last value), each PNG artifact as an image while their total stays under
 * {@code chartbox.api.mcp.max-image-bytes}, a resource link to every artifact (the REST URLs), and
 * the job as the REST API shows it as structured content. A job that did not succeed is a tool
 * error ({@code isError}), never a protocol error: the model reads the traceback and tries again.
 */
@Component
class McpToolResults {

    private static final Logger log = LoggerFactory.getLogger(McpToolResults.class);
    private static final String PNG = "image/png";

    private final JobResponses responses;
    private final ArtifactStore artifacts;
    private final S3Properties s3;
    private final McpProperties properties;
    private final JsonMapper json;
    private final Map<String, Object> outputSchema;
    private final JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();

    McpToolResults(JobResponses responses, ArtifactStore artifacts, S3Properties s3, McpProperties properties, JsonMapper json) {
        this.responses = responses;
        this.artifacts = artifacts;
        this.s3 = s3;
        this.properties = properties;
        this.json = json;
        this.outputSchema = readOutputSchema(json);
    }

    /** The structured content's schema: run-python-output.schema.json with the contract's chart-data schema in its $defs. */
    Map<String, Object> outputSchema() {
        return outputSchema;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readOutputSchema(JsonMapper json) {
        Map<String, Object> schema = readJson(json, "/chartbox/api/mcp/run-python-output.schema.json");
        Map<String, Object> chart = readJson(json, "/chartbox/schemas/chart-data.schema.json");
        chart.remove("$schema");
        chart.remove("$id");
        // Its references point into its own $defs; once it sits at #/$defs/chartData they must say so.
        String moved = json.writeValueAsString(chart).replace("\"$ref\":\"#/$defs/", "\"$ref\":\"#/$defs/chartData/$defs/");
        schema.put("$defs", Map.of("chartData", json.readValue(moved, Map.class)));
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(JsonMapper json, String resource) {
        try (InputStream in = McpToolResults.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return json.readValue(in, LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @param waited how long the tool waited, for the answer about a job that is not final yet */
    CallToolResult of(JobView view, URI base, Duration waited) {
        Map<String, Object> structured = json.convertValue(responses.of(view, base), new TypeReference<LinkedHashMap<String, Object>>() {});
        addChartExtras(structured, view.result());
        List<Content> content = new ArrayList<>();
        content.add(null); // the text, written last: it names the images left out
        List<String> omitted = new ArrayList<>();
        List<Map<String, Object>> shown = artifactsOf(structured);
        long budget = properties.maxImageBytes().toBytes();
        List<ArtifactRef> refs = view.result() == null || view.result().artifacts() == null ? List.of() : view.result().artifacts();
        for (ArtifactRef ref : refs) {
            if (!PNG.equals(ref.contentType())) {
                continue;
            }
            byte[] png = ref.size() <= budget ? read(view.jobId(), ref, budget) : null;
            if (png == null) {
                omitted.add(ref.name());
            } else {
                budget -= png.length;
                content.add(ImageContent.builder(Base64.getEncoder().encodeToString(png), PNG).build());
            }
        }
        for (Map<String, Object> artifact : shown) {
            if (artifact.get("url") instanceof String url) {
                content.add(ResourceLink.builder().name((String) artifact.get("name")).uri(url)
                        .mimeType((String) artifact.get("contentType"))
                        .size(artifact.get("size") instanceof Number n ? n.longValue() : null)
                        .description("An output file of job " + view.jobId() + " (download with the same credential)").build());
            }
        }
        if (!omitted.isEmpty()) {
            structured.put("imagesOmitted", omitted);
        }
        keepValid(structured, view.jobId());
        content.set(0, TextContent.builder(text(view, structured, omitted, waited)).build());
        boolean succeeded = view.status() == JobStatus.SUCCEEDED;
        return CallToolResult.builder().content(content).structuredContent(structured).isError(!succeeded).build();
    }

    /** A refusal before the job ran (invalid arguments, a quota, Kafka away), as a tool error the model can act on. */
    static CallToolResult refused(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    /**
     * Chart data per artifact ({@code chart}) and the last expression's value ({@code display}), as
     * the worker puts them in the result. Read from the event's JSON, so they come through as soon
     * as the result record carries them, whether or not the REST view has them yet; a field the view
     * already has is left alone.
     */
    @SuppressWarnings("unchecked")
    private void addChartExtras(Map<String, Object> structured, JobEvent result) {
        if (result == null) {
            return;
        }
        JsonNode event = json.valueToTree(result);
        JsonNode display = event.get("display");
        if (display != null && display.isObject()) {
            structured.putIfAbsent("display", json.convertValue(display, Map.class));
        }
        JsonNode eventArtifacts = event.get("artifacts");
        List<Map<String, Object>> shown = artifactsOf(structured);
        for (int i = 0; eventArtifacts != null && i < eventArtifacts.size() && i < shown.size(); i++) {
            JsonNode chart = eventArtifacts.get(i).get("chart");
            if (chart != null && chart.isObject()) {
                shown.get(i).putIfAbsent("chart", json.convertValue(chart, Map.class));
            }
        }
    }

    /**
     * Chart data and the last value come from the program's run: should they ever break the output
     * schema, they are dropped (and logged) rather than turning the job's result into an error.
     */
    private void keepValid(Map<String, Object> structured, String jobId) {
        var check = validator.validate(outputSchema, structured);
        if (!check.valid()) {
            log.warn("job {}: chart data or last value not as the schema says, left out of the MCP result: {}", jobId, check.errorMessage());
            structured.remove("display");
            artifactsOf(structured).forEach(artifact -> artifact.remove("chart"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> artifactsOf(Map<String, Object> structured) {
        return structured.get("artifacts") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** The artifact's bytes, or null when they are over {@code budget} or cannot be read. */
    private byte[] read(String jobId, ArtifactRef ref, long budget) {
        if (!artifacts.configured() || !s3.holdsJobObject(jobId, ref.bucket(), ref.objectKey())) {
            return null;
        }
        try (InputStream in = artifacts.open(ref.bucket(), ref.objectKey())) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
            return bytes.length > budget ? null : bytes;
        } catch (Exception e) {
            log.warn("could not read artifact {} of job {} for an MCP result: {}", ref.name(), jobId, e.toString());
            return null;
        }
    }

    private String text(JobView view, Map<String, Object> structured, List<String> omitted, Duration waited) {
        StringBuilder text = new StringBuilder();
        JobEvent result = view.result();
        if (result == null) {
            text.append("Job ").append(view.jobId()).append(" is still ").append(view.status()).append(" after ").append(waited.toSeconds())
                    .append(" s of waiting; it goes on. Its status and, later, its result: GET ").append(link(structured))
                    .append(" (the same credential).\n");
            return text.toString();
        }
        text.append("Job ").append(view.jobId()).append(": ").append(result.status());
        if (result.exitCode() != null) {
            text.append(", exit code ").append(result.exitCode());
        }
        if (result.timings() != null && result.timings().executeSeconds() != null) {
            text.append(", the program ran ").append(String.format("%.2f s", result.timings().executeSeconds()));
        }
        text.append(".\n");
        section(text, "stdout", result.stdout(), Boolean.TRUE.equals(result.stdoutTruncated()), structured.get("stdoutUrl"));
        section(text, "stderr", result.stderr(), Boolean.TRUE.equals(result.stderrTruncated()), structured.get("stderrUrl"));
        JobError error = result.error();
        if (error != null) {
            text.append("\nPython error: ").append(error.type()).append(": ").append(error.message()).append('\n');
            String traceback = error.traceback() == null ? "" : error.traceback().strip();
            // Python prints the traceback on stderr too: the model reads it once.
            if (!traceback.isEmpty() && (result.stderr() == null || !result.stderr().contains(traceback))) {
                text.append(traceback).append('\n');
            } else if (!traceback.isEmpty()) {
                text.append("(its traceback is in stderr above)\n");
            }
        }
        List<Map<String, Object>> shown = artifactsOf(structured);
        if (!shown.isEmpty()) {
            text.append("\nOutput files:\n");
            for (Map<String, Object> artifact : shown) {
                text.append("- ").append(artifact.get("name")).append(" (").append(artifact.get("contentType")).append(", ")
                        .append(artifact.get("size")).append(" bytes)");
                if (artifact.get("url") != null) {
                    text.append(": ").append(artifact.get("url"));
                }
                text.append('\n');
            }
        }
        if (!omitted.isEmpty()) {
            text.append("\nNot shown as images (over the ").append(properties.maxImageBytes().toBytes())
                    .append(" bytes of images per result, or unreadable): ").append(String.join(", ", omitted))
                    .append(". Their links above still work.\n");
        }
        int room = properties.maxChartText();
        for (Map<String, Object> artifact : shown) {
            if (artifact.get("chart") != null && room > 0) {
                room -= appendCapped(text, "\nChart data of " + artifact.get("name") + ": ", json.writeValueAsString(artifact.get("chart")), room);
            }
        }
        if (structured.get("display") instanceof Map<?, ?> display && display.get("text") instanceof String value && room > 0) {
            appendCapped(text, "\nValue of the last expression:\n", value, room);
        }
        return text.toString();
    }

    private static void section(StringBuilder text, String name, String stream, boolean truncated, Object wholeUrl) {
        if (stream == null || stream.isEmpty()) {
            return;
        }
        text.append('\n').append(name).append(":\n").append(stream);
        if (!stream.endsWith("\n")) {
            text.append('\n');
        }
        if (truncated) {
            text.append("[").append(name).append(" was cut at the job's ").append(name).append(" limit]\n");
        }
        if (wholeUrl != null) {
            text.append("[only the head of ").append(name).append(" is shown; all of it: ").append(wholeUrl).append("]\n");
        }
    }

    /** Appends a heading and up to {@code room} characters of the value; returns the characters used. */
    private static int appendCapped(StringBuilder text, String heading, String value, int room) {
        boolean cut = value.length() > room;
        text.append(heading).append(cut ? value.substring(0, room) : value);
        text.append(cut ? " … [cut; the structured content has all of it]\n" : "\n");
        return Math.min(room, value.length());
    }

    @SuppressWarnings("unchecked")
    private static Object link(Map<String, Object> structured) {
        return structured.get("links") instanceof Map<?, ?> links ? ((Map<String, Object>) links).get("self") : null;
    }
}
