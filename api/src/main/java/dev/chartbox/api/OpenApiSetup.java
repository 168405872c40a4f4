package dev.chartbox.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
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

    @Bean
    OpenAPI chartboxOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : ApiApplication.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("chartbox API")
                        .version(version != null ? version : "0.1.0")
                        .description("Runs untrusted Python chart code (numpy, pandas, matplotlib) in throwaway WebAssembly sandboxes. "
                                + "Submit a job, follow it, download its charts. Every job belongs to the tenant whose credential submitted it.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name(ApiKeyAuthenticationFilter.HEADER).description("An API key (cbx_…); also accepted as Authorization: Bearer cbx_…"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("An OAuth2 access token (JWT) from the configured issuer, when JWT mode is on")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** 401 and 429 on every operation, both as problems; 429 with Retry-After. */
    @Bean
    OpenApiCustomizer commonResponses() {
        return openApi -> {
            Schema<?> problem = new Schema<>().$ref("#/components/schemas/Problem");
            Content problemContent = new Content().addMediaType("application/problem+json", new MediaType().schema(problem));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
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
