package dev.chartbox.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an API key, in {@code X-API-Key} or as
 * {@code Authorization: Bearer cbx_…}. A request without one passes on (a JWT, or a 401 later); a
 * request with a key we do not know is refused here, with a 401 problem.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> presented = presentedKey(request);
        if (presented.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getHeader(HEADER) != null && request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            // Two credentials: which one names the tenant would be a guess, so take neither.
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("Send one credential: X-API-Key or Authorization, not both."));
            return;
        }
        Optional<String> tenant = keys.tenantOf(presented.get());
        if (tenant.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("The API key is not valid (revoked, mistyped, or from another installation)."));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TenantAuthentication(tenant.get()));
        SecurityContextHolder.setContext(context);
        repository.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    static Optional<String> presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            if (token.startsWith(ApiKeys.PREFIX)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** An authenticated API key: its name is the tenant. The key itself is not kept. */
    static final class TenantAuthentication extends AbstractAuthenticationToken {
        private final String tenant;

        TenantAuthentication(String tenant) {
            super(List.of());
            this.tenant = tenant;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return tenant;
        }

        @Override
        public String getName() {
            return tenant;
        }
    }
}
