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
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as RFC 9457 problems, like every other refusal of the API; and the requests Spring
 * Security's firewall refuses before any of our code runs (an encoded {@code ;}, {@code %2F} or
 * control character in the URL: 400; a method it does not know, such as QUERY: 405).
 */
@Component
class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final String UNAUTHENTICATED = "unauthenticated";
    static final String FORBIDDEN = "forbidden";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Counter unauthenticated;
    private final Counter forbidden;
    private final Counter invalid;

    AuthProblems(MeterRegistry registry) {
        this.unauthenticated = Problems.rejections(registry, UNAUTHENTICATED);
        this.forbidden = Problems.rejections(registry, FORBIDDEN);
        this.invalid = Problems.rejections(registry, "invalid");
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

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        invalid.increment();
        if (!KNOWN_METHODS.contains(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "/v1/jobs".equals(request.getRequestURI()) ? "POST" : "GET");
            write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "The method " + request.getMethod() + " is not supported here.", "invalid");
            return;
        }
        write(request, response, HttpStatus.BAD_REQUEST, "The request's URL or headers are malformed (" + e.getMessage() + ").", "invalid");
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
