package dev.chartbox.api;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a job can use, for an agent to put in its prompt: the guest, its Python and every package
 * with its version (the contract's {@code runtime.json}, kept equal to the shipped guest by the
 * sandbox's RuntimeDocumentTest), and the limits this server allows.
 */
@RestController
class RuntimeController {

    private final Map<String, Object> runtime;

    RuntimeController(JsonMapper mapper, ApiProperties properties) {
        ObjectNode document;
        try (InputStream in = RuntimeController.class.getResourceAsStream("/chartbox/runtime.json")) {
            if (in == null) {
                throw new IllegalStateException("no chartbox/runtime.json on the class path (the schemas module)");
            }
            document = (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var max = properties.maxLimits();
        document.putObject("maximumLimits")
                .put("deadlineSeconds", max.deadline().toMillis() / 1000.0)
                .put("memoryMiB", max.memory().toMegabytes())
                .put("stdoutBytes", max.stdout().toBytes())
                .put("stderrBytes", max.stderr().toBytes())
                .put("maxOutputFiles", max.outputFiles())
                .put("maxOutputBytes", max.outputBytes().toBytes());
        this.runtime = mapper.convertValue(document, new TypeReference<Map<String, Object>>() {}); // a plain object in OpenAPI
    }

    @Operation(operationId = "getRuntime", summary = "What a job can use",
            description = "The guest (CPython in WebAssembly), its Python version, every package a job can import with its version, "
                    + "notes on how programs run, and the largest limits a job may ask for.")
    @GetMapping(path = "/v1/runtime", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> runtime() {
        return runtime;
    }
}
