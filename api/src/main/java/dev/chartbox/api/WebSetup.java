package dev.chartbox.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Refuses oversized submissions by their Content-Length, before the body is read. */
@Configuration(proxyBeanMethods = false)
class WebSetup implements WebMvcConfigurer {

    private final ApiProperties properties;

    WebSetup(ApiProperties properties) {
        this.properties = properties;
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
