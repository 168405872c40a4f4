package dev.chartbox.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema of a submission for the OpenAPI document: the contract's
 * {@code job-submission.schema.json} with its {@code common.schema.json} references inlined and the
 * server's maximums ({@link ApiProperties}) added, so a schema-valid body is one the API accepts
 * (short of the total size of the input files, which a schema cannot state).
 */
final class SubmissionSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_METADATA_ENTRIES = 64;
    private static final int MAX_METADATA_LENGTH = 1024;

    private SubmissionSchema() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(ApiProperties properties) {
        Map<String, Object> common = read("common.schema.json");
        Map<String, Object> defs = (Map<String, Object>) common.get("$defs");
        Map<String, Object> schema = (Map<String, Object>) inline(read("job-submission.schema.json"), defs);
        schema.remove("$schema");
        schema.remove("$id");
        Map<String, Object> props = (Map<String, Object>) schema.get("properties");

        Map<String, Object> code = (Map<String, Object>) props.get("code");
        // Not blank, and short enough in UTF-8 whatever the characters (up to 4 bytes each).
        code.put("pattern", SubmissionValidator.NOT_BLANK);
        long maxCharacters = SubmissionValidator.maxCodeCharacters(properties);
        code.put("maxLength", maxCharacters);
        code.put("description", code.get("description") + " At most " + maxCharacters
                + " characters (a quarter of the configured " + properties.maxCodeSize().toBytes() + " bytes).");

        Map<String, Object> files = (Map<String, Object>) props.get("files");
        files.put("maxItems", properties.maxFiles());
        files.put("description", "Input files: unique names, at most " + properties.maxFilesSize().toBytes() + " bytes decoded in all.");

        Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) props.get("limits")).get("properties");
        ApiProperties.MaxLimits max = properties.maxLimits();
        ((Map<String, Object>) limits.get("deadlineSeconds")).put("maximum", max.deadline().toMillis() / 1000.0);
        ((Map<String, Object>) limits.get("memoryMiB")).put("maximum", max.memory().toMegabytes());
        ((Map<String, Object>) limits.get("stdoutBytes")).put("maximum", max.stdout().toBytes());
        ((Map<String, Object>) limits.get("stderrBytes")).put("maximum", max.stderr().toBytes());
        ((Map<String, Object>) limits.get("maxOutputFiles")).put("maximum", max.outputFiles());
        ((Map<String, Object>) limits.get("maxOutputBytes")).put("maximum", max.outputBytes().toBytes());

        Map<String, Object> metadata = (Map<String, Object>) props.get("metadata");
        metadata.put("maxProperties", MAX_METADATA_ENTRIES);
        metadata.put("propertyNames", Map.of("maxLength", MAX_METADATA_LENGTH));
        ((Map<String, Object>) metadata.get("additionalProperties")).put("maxLength", MAX_METADATA_LENGTH);
        return schema;
    }

    /** The contract's chart-data.schema.json with its own definitions inlined (they do not recurse). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> chartData() {
        Map<String, Object> schema = read("chart-data.schema.json");
        Map<String, Object> inlined = (Map<String, Object>) inline(schema, (Map<String, Object>) schema.get("$defs"));
        inlined.remove("$schema");
        inlined.remove("$id");
        inlined.remove("$defs");
        return inlined;
    }

    /** A copy of {@code node} with every {@code $ref} to a common definition replaced by the definition. */
    @SuppressWarnings("unchecked")
    private static Object inline(Object node, Map<String, Object> defs) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String target && target.contains("#/$defs/")) {
                return inline(defs.get(target.substring(target.indexOf("#/$defs/") + 8)), defs);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> copy.put(key, inline(value, defs)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(inline(item, defs)));
            return copy;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String name) {
        try (InputStream in = SubmissionSchema.class.getResourceAsStream("/chartbox/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the contract's " + name + " is not on the classpath");
            }
            return JSON.readValue(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
