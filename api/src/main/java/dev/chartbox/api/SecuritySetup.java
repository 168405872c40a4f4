package dev.chartbox.api;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Every request needs a credential, except the liveness probe and whatever arrives on the
 * management port (probes and Prometheus, kept off the public port). Two kinds, both naming a
 * tenant: an API key ({@link ApiKeys}), and, when a JWT decoder is configured
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code .public-key-location},
 * with {@code .audiences}), a bearer JWT whose {@code chartbox.api.auth.tenant-claim} names the tenant.
 * Stateless: no session, no cookies, so no CSRF exposure.
 */
@Configuration(proxyBeanMethods = false)
class SecuritySetup {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, AuthProblems problems, ManagementPort management,
            ObjectProvider<JwtDecoder> jwtDecoder, AuthProperties auth) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.withObjectPostProcessor(WRITE_HEADERS_BEFORE_THE_HANDLER))
                .authorizeHttpRequests(requests -> requests
                        // An async or error dispatch belongs to a request that was already authorised.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(management::receivedOn).permitAll()
                        .requestMatchers("/actuator/health/liveness").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BearerTokenAuthenticationFilter.class);
        if (jwtDecoder.getIfAvailable() != null) {
            JwtAuthenticationConverter tenants = new JwtAuthenticationConverter();
            tenants.setPrincipalClaimName(auth.tenantClaim());
            http.oauth2ResourceServer(server -> server
                    .bearerTokenResolver(skippingApiKeys())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(tenants)));
        }
        return http.build();
    }

    /**
     * The security headers are written as the request enters the chain, not when the response
     * commits. Written lazily, an async response (a streamed download, an event stream, MCP) commits
     * on a task thread while the request thread writes them on its way out: two threads mutate one
     * header table. Such responses lost X-Frame-Options, and under load 7 in 36,000 empty downloads
     * lost their Content-Type or carried a header with another's value (spring-security#15510).
     */
    private static final ObjectPostProcessor<HeaderWriterFilter> WRITE_HEADERS_BEFORE_THE_HANDLER = new ObjectPostProcessor<>() {
        @Override
        public <O extends HeaderWriterFilter> O postProcess(O filter) {
            filter.setShouldWriteHeadersEagerly(true);
            return filter;
        }
    };

    /** Bearer tokens that are our API keys are the API-key filter's; the rest are JWTs. */
    private static BearerTokenResolver skippingApiKeys() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return request -> {
            String token = standard.resolve(request);
            return token == null || token.startsWith(ApiKeys.PREFIX) ? null : token;
        };
    }
}
