package dev.chartbox.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Refuses oversized submissions by their Content-Length before the body is read, and by the bytes
 * read for the rest ({@link BodyLimitFilter}), and makes JSON
 * reading strict about types: {@code "code": 5}, {@code "memoryMiB": "64"} or {@code 1.5} are 400s,
 * not silently converted.
 */
@Configuration(proxyBeanMethods = false)
class WebSetup implements WebMvcConfigurer {

    private final ApiProperties properties;

    WebSetup(ApiProperties properties) {
        this.properties = properties;
    }

    @Bean
    JsonMapperBuilderCustomizer strictScalarTypes() {
        return builder -> builder
                .addModule(IntegralNumbers.module())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** The body limit by bytes read, for bodies without (or lying about) Content-Length. */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimit() {
        var registration = new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxRequestSize().toBytes()));
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                long max = properties.maxRequestSize().toBytes();
                if ("POST".equals(request.getMethod()) && request.getContentLengthLong() > max) {
                    throw new RequestRejectedException(HttpStatus.CONTENT_TOO_LARGE, SubmissionValidator.TOO_LARGE,
                            "The request body is larger than " + max + " bytes.",
                            List.of(new RequestRejectedException.FieldProblem("body", "is larger than " + max + " bytes")));
                }
                return true;
            }
        }).addPathPatterns("/v1/jobs");
    }
}
