package dev.chartbox.api;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * chartbox as an MCP server (Model Context Protocol, streamable HTTP) at {@code /mcp}, with the
 * official MCP Java SDK's servlet transport. It sits behind the same Spring Security filter chain as
 * the REST API, so an MCP client authenticates the same way (an API key in {@code X-API-Key} or
 * {@code Authorization: Bearer cbx_…}, or a bearer JWT); every request of a session carries the
 * credential, and the tools act for the tenant it names. Tools: {@code run_python} and
 * {@code describe_runtime}; resource: {@code chartbox://runtime}. Choices: docs/notes/mcp.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chartbox.api.mcp.enabled", havingValue = "true", matchIfMissing = true)
class McpSetup {

    static final String PATH = "/mcp";
    static final String RUNTIME_URI = "chartbox://runtime";
    static final String DESCRIBE_RUNTIME = "describe_runtime";

    private static final String INSTRUCTIONS = """
            chartbox runs Python code (numpy, pandas, matplotlib) in a fresh, isolated sandbox per call and returns its \
            output and charts. Call describe_runtime (or read chartbox://runtime) once to learn the Python version, the \
            packages with their versions and the limits. Then call run_python with the whole program: nothing carries over \
            between calls (no variables, no files), there is no network and no package installs; pass input data in `files`. \
            Charts come back as PNG images with their data; a Python exception comes back with its traceback, to fix and retry.""";

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(ApiProperties api, McpProperties properties) {
        return HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(PATH)
                .jsonMapper(McpJsonDefaults.getMapper())
                .maxRequestSize((int) Math.min(Integer.MAX_VALUE, api.maxRequestSize().toBytes()))
                .keepAliveInterval(properties.keepAlive())
                .sessionSweepInterval(properties.sessionSweep())
                // The filter chain has authenticated the request; the tools need its tenant and the URL the client used.
                .contextExtractor(request -> {
                    Map<String, Object> context = new HashMap<>();
                    Principal principal = request.getUserPrincipal();
                    if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
                        context.put(McpRunPython.TENANT, principal.getName());
                    }
                    context.put(McpRunPython.BASE_URI, ServletUriComponentsBuilder.fromContextPath(request).build().toUri());
                    return McpTransportContext.create(context);
                })
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(HttpServletStreamableServerTransportProvider transport) {
        var registration = new ServletRegistrationBean<>(transport, PATH);
        registration.setName("mcp");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider transport, McpRunPython runPython, McpToolResults results,
            RuntimeDocument runtime, JsonMapper json, ObjectProvider<BuildProperties> build) {
        BuildProperties info = build.getIfAvailable();
        String version = info != null ? info.getVersion() : ApiApplication.class.getPackage().getImplementationVersion();
        String runtimeJson = json.writerWithDefaultPrettyPrinter().writeValueAsString(runtime.asMap());
        Tool run = Tool.builder(McpRunPython.NAME, runPython.inputSchema())
                .title("Run Python (numpy, pandas, matplotlib) and get its charts")
                .description("Runs a Python program in a fresh sandbox and waits for it (progress is reported while it is queued "
                        + "and running). Returns stdout, stderr, the Python error with its traceback, every PNG chart as an image, "
                        + "links to every output file and, where the result carries them, each chart's data (type, title, axis "
                        + "labels, plotted values) and the value of the last expression. A failing program is a tool error "
                        + "carrying the traceback. Nothing is kept between calls.")
                .outputSchema(results.outputSchema())
                .annotations(new ToolAnnotations("Run Python", false, false, false, false, null))
                .build();
        Tool describe = Tool.builder(DESCRIBE_RUNTIME, Map.of("type", "object", "properties", Map.of(), "additionalProperties", false))
                .title("What run_python can use")
                .description("The Python version, every importable package with its version, notes on how programs run, and the "
                        + "largest limits a run_python call may ask for. The same document as the resource " + RUNTIME_URI + ".")
                .outputSchema(Map.of("type", "object"))
                .annotations(new ToolAnnotations("Describe the runtime", true, false, true, false, null))
                .build();
        Resource runtimeResource = Resource.builder(RUNTIME_URI, "runtime").title("What a chartbox job can use")
                .description("Python version, packages with versions, notes and maximum limits (GET /v1/runtime)")
                .mimeType("application/json").build();
        return McpServer.sync(transport)
                .serverInfo("chartbox", version != null ? version : "0.1.0")
                .instructions(INSTRUCTIONS)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).build())
                // The transport blocks its request thread until the tool answers; run the tool there, not on a second thread.
                .immediateExecution(true)
                .tools(new SyncToolSpecification(run, runPython::call),
                        new SyncToolSpecification(describe, (exchange, request) -> CallToolResult.builder()
                                .addTextContent(runtimeJson).structuredContent(runtime.asMap()).build()))
                .resources(new SyncResourceSpecification(runtimeResource, (exchange, request) ->
                        new ReadResourceResult(List.of(new TextResourceContents(RUNTIME_URI, "application/json", runtimeJson, null)), null)))
                .build();
    }
}
