package dev.chartbox.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as RFC 9457 problems, like every other refusal of the API. */
@Component
class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String UNAUTHENTICATED = "unauthenticated";
    static final String FORBIDDEN = "forbidden";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Counter unauthenticated;
    private final Counter forbidden;

    AuthProblems(MeterRegistry registry) {
        this.unauthenticated = Problems.rejections(registry, UNAUTHENTICATED);
        this.forbidden = Problems.rejections(registry, FORBIDDEN);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        unauthenticated.increment();
        String detail = e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().startsWith("Full authentication")
                ? e.getMessage()
                : "Send an API key in X-API-Key (or Authorization: Bearer <key>), or a bearer token.";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"chartbox\"");
        write(request, response, HttpStatus.UNAUTHORIZED, detail, UNAUTHENTICATED);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        forbidden.increment();
        write(request, response, HttpStatus.FORBIDDEN, "This credential may not do that.", FORBIDDEN);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail, String reason)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // The same members Spring MVC writes for a ProblemDetail, in the same order.
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("field", "credentials");
        problem.put("reason", reason);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
