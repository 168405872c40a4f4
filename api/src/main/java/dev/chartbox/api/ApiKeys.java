package dev.chartbox.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The API keys this replica accepts, held only as sha256 hashes (a key is 256 random bits, so a fast
 * hash is enough: there is nothing to brute-force, unlike a password). Each key belongs to one
 * tenant. Keys come from properties/env and from a file that is re-read when it changes, so a
 * rotated Kubernetes Secret takes effect without a restart.
 */
@Component
public class ApiKeys {

    /** Every key chartbox makes starts with this, so a leaked key is easy to recognise and scan for. */
    public static final String PREFIX = "cbx_";

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthProperties properties;
    private final Map<String, String> fromProperties;
    private volatile Map<String, String> fromFile = Map.of();
    private volatile FileTime fileVersion;
    private volatile Instant checkedAt = Instant.EPOCH;

    public ApiKeys(AuthProperties properties) {
        this.properties = properties;
        this.fromProperties = parse(properties.apiKeys(), "chartbox.api.auth.api-keys");
        reloadIfChanged();
    }

    /** A new random key: {@value #PREFIX} and 256 bits, base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex sha256 of a key: what is stored. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line to put in a keys file (or property) for this tenant and key. */
    public static String entry(String tenant, String key) {
        return tenant + ":" + hash(key);
    }

    /** Whether any key is configured (without any, every request is refused). */
    public boolean any() {
        reloadIfChanged();
        return !fromProperties.isEmpty() || !fromFile.isEmpty();
    }

    /** The tenant of a presented key, if it is one of ours. */
    public Optional<String> tenantOf(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        reloadIfChanged();
        String digest = hash(presented);
        String tenant = fromProperties.get(digest);
        return Optional.ofNullable(tenant != null ? tenant : fromFile.get(digest));
    }

    private void reloadIfChanged() {
        Path file = properties.apiKeysFile();
        Instant now = Instant.now();
        if (file == null || now.isBefore(checkedAt.plus(properties.reloadEvery()))) {
            return;
        }
        synchronized (this) {
            if (now.isBefore(checkedAt.plus(properties.reloadEvery()))) {
                return;
            }
            checkedAt = now;
            try {
                FileTime version = Files.getLastModifiedTime(file);
                if (!version.equals(fileVersion)) {
                    fromFile = parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
                    fileVersion = version;
                    log.info("read {} API keys from {}", fromFile.size(), file);
                }
            } catch (IOException | RuntimeException e) {
                // Keep the keys we had: a Secret being swapped can be briefly unreadable.
                log.warn("could not read API keys from {}: {}", file, e.toString());
            }
        }
    }

    /** hash → tenant, from {@code TENANT:SHA256HEX} lines. */
    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> keys = new HashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            String tenant = colon < 0 ? "" : line.substring(0, colon).strip();
            String digest = colon < 0 ? "" : line.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
            if (!TENANT.matcher(tenant).matches() || !SHA256.matcher(digest).matches()) {
                throw new IllegalArgumentException(source + " line " + number + ": expected TENANT:SHA256HEX (a hashed key, never the key itself)");
            }
            keys.put(digest, tenant);
        }
        return Map.copyOf(keys);
    }
}
