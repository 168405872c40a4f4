package dev.chartbox.api;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a job can use ({@link RuntimeDocument}), for an agent to put in its prompt. */
@RestController
class RuntimeController {

    private final RuntimeDocument runtime;

    RuntimeController(RuntimeDocument runtime) {
        this.runtime = runtime;
    }

    @Operation(operationId = "getRuntime", summary = "What a job can use",
            description = "The guest (CPython in WebAssembly), its Python version, every package a job can import with its version, "
                    + "notes on how programs run, and the largest limits a job may ask for.")
    @GetMapping(path = "/v1/runtime", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> runtime() {
        return runtime.asMap();
    }
}
