package dev.chartbox.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import java.util.Map;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: a real title and version, the two security schemes, and the answers every
 * operation can give (401, 429 with Retry-After) with the problem schema, so clients and fuzzers
 * check what the API really does.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSetup {

    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";
    static final String JOB_EVENT = "JobServerSentEvent";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** Documents the bearer-JWT scheme only when JWT mode is on, so clients and fuzzers see the credentials that work. */
    @Bean
    OpenAPI chartboxOpenApi(ObjectProvider<BuildProperties> build, ObjectProvider<JwtDecoder> jwt) {
        String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : ApiApplication.class.getPackage().getImplementationVersion();
        Components components = new Components()
                .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                        .name(ApiKeyAuthenticationFilter.HEADER).description("An API key (cbx_…); also accepted as Authorization: Bearer cbx_…"));
        OpenAPI openApi = new OpenAPI()
                .info(new Info().title("chartbox API")
                        .version(version != null ? version : "0.1.0")
                        .description("Runs untrusted Python chart code (numpy, pandas, matplotlib) in throwaway WebAssembly sandboxes. "
                                + "Submit a job, follow it, download its charts. Every job belongs to the tenant whose credential submitted it. "
                                + "Send one credential per request. Agents can use the same service over MCP (Model Context Protocol, "
                                + "streamable HTTP) at /mcp, with the same credentials: tools run_python and describe_runtime.")
                        .license(new License().name("Apache-2.0")))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
        if (jwt.getIfAvailable() != null) {
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                    .description("An OAuth2 access token (JWT) from the configured issuer"));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        return openApi;
    }

    /**
     * The submission's schema is the contract's own ({@code schemas/job-submission.schema.json}, its
     * references inlined), tightened by this server's configured maximums, so that what the document
     * calls valid is what the API accepts.
     */
    @Bean
    OpenApiCustomizer submissionFromTheContract(ApiProperties properties) {
        return openApi -> {
            String submission = JSON.writeValueAsString(SubmissionSchema.of(properties));
            try {
                // swagger-core's own reader of 3.1 schemas (it maps "type" and the 2020-12 keywords).
                openApi.getComponents().addSchemas("JobSubmission", Json31.mapper().readValue(submission, Schema.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the contract's submission schema does not read as an OpenAPI schema", e);
            }
        };
    }

    /** 400, 401, 403 and 429 on every operation, all as problems; 429 with Retry-After. The SSE event schema. */
    @Bean
    OpenApiCustomizer commonResponses() {
        return openApi -> {
            Schema<?> problem = new Schema<>().$ref("#/components/schemas/Problem");
            Content problemContent = new Content().addMediaType("application/problem+json", new MediaType().schema(problem));
            JsonSchema event = new JsonSchema();
            event.setTypes(java.util.Set.of("object"));
            event.setDescription("One server-sent event: its name is the stage, its data the job (JobResponse) as JSON");
            JsonSchema name = new JsonSchema();
            name.setEnum(java.util.List.<Object>of("queued", "running", "result"));
            JsonSchema id = new JsonSchema();
            id.setTypes(java.util.Set.of("string"));
            JsonSchema data = new JsonSchema();
            data.setTypes(java.util.Set.of("string"));
            data.setContentMediaType("application/json");
            data.setContentSchema(new JsonSchema().$ref("#/components/schemas/JobResponse"));
            event.setProperties(new java.util.LinkedHashMap<>(Map.of("event", name, "id", id, "data", data)));
            event.setRequired(java.util.List.of("event", "data"));
            openApi.getComponents().addSchemas(JOB_EVENT, event);
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (!operation.getResponses().containsKey("400")) {
                    operation.getResponses().addApiResponse("400", new ApiResponse().description("a malformed request: URL, header or parameter")
                            .content(problemContent));
                }
                operation.getResponses().addApiResponse("401", new ApiResponse().description("no credential, or one we do not know")
                        .addHeaderObject("WWW-Authenticate", new Header().schema(new Schema<String>().type("string")))
                        .content(problemContent));
                operation.getResponses().addApiResponse("403", new ApiResponse().description("the credential names no tenant")
                        .content(problemContent));
                operation.getResponses().addApiResponse("429", new ApiResponse().description("a per-tenant quota is used up; retry after Retry-After seconds")
                        .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()))
                        .content(problemContent));
            }));
        };
    }
}
