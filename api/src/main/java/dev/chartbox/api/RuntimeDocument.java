package dev.chartbox.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a job can use: the guest, its Python and every package with its version (the contract's
 * {@code runtime.json}, kept equal to the shipped guest by the sandbox's RuntimeDocumentTest), and
 * the largest limits this server allows. Served by {@code GET /v1/runtime} and by the MCP server.
 */
@Component
class RuntimeDocument {

    private final Map<String, Object> document;

    RuntimeDocument(JsonMapper mapper, ApiProperties properties) {
        ObjectNode tree;
        try (InputStream in = RuntimeDocument.class.getResourceAsStream("/chartbox/runtime.json")) {
            if (in == null) {
                throw new IllegalStateException("no chartbox/runtime.json on the class path (the schemas module)");
            }
            tree = (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var max = properties.maxLimits();
        tree.putObject("maximumLimits")
                .put("deadlineSeconds", max.deadline().toMillis() / 1000.0)
                .put("memoryMiB", max.memory().toMegabytes())
                .put("stdoutBytes", max.stdout().toBytes())
                .put("stderrBytes", max.stderr().toBytes())
                .put("maxOutputFiles", max.outputFiles())
                .put("maxOutputBytes", max.outputBytes().toBytes());
        this.document = Collections.unmodifiableMap(mapper.convertValue(tree, new TypeReference<Map<String, Object>>() {}));
    }

    /** The document as plain maps, lists and scalars (a plain object in OpenAPI, structured content in MCP). */
    Map<String, Object> asMap() {
        return document;
    }
}
