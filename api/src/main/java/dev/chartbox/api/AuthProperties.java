package dev.chartbox.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API. API keys are always accepted when any are configured; bearer JWTs too when
 * {@code spring.security.oauth2.resourceserver.jwt.*} (issuer URI or public key, audiences) is set.
 *
 * @param apiKeysFile  a file of hashed keys, one {@code TENANT:SHA256HEX} a line ({@code #} comments),
 *                     e.g. a Kubernetes Secret mounted as a file; re-read when it changes
 * @param apiKeys      hashed keys given as properties or env ({@code CHARTBOX_API_AUTH_API_KEYS}),
 *                     in the same {@code TENANT:SHA256HEX} form
 * @param tenantClaim  the JWT claim that names the tenant
 * @param reloadEvery  how often the keys file is checked for changes
 */
@ConfigurationProperties("chartbox.api.auth")
public record AuthProperties(
        Path apiKeysFile,
        @DefaultValue List<String> apiKeys,
        @DefaultValue("sub") String tenantClaim,
        @DefaultValue("10s") Duration reloadEvery) {}
