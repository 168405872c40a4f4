package dev.chartbox.standalone.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak's submitter: POST /v1/jobs with an Idempotency-Key and the soak's own API key
 * ({@code X-API-Key}), which the soak's api is given as a hashed {@code TENANT:SHA256HEX} line in a
 * keys file ({@code chartbox.api.auth.api-keys-file}); an api without authentication ignores both.
 */
final class SoakClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String API_KEY_HEADER = "X-API-Key";
    static final String TENANT = "soak";

    /** The api's answer: its status code and JSON body (null when it had none). */
    record Response(int status, JsonNode body) {}

    private final URI api;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SoakClient(URI api, String apiKey) {
        this.api = api;
        this.apiKey = apiKey;
    }

    /** A new random key in chartbox's key format ({@code cbx_} and 256 bits, base64url). */
    static String newApiKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "cbx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The keys-file line for {@code apiKey}: the api stores only the hash. */
    static String keysFileLine(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return TENANT + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Response submit(Map<String, Object> submission, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/v1/jobs"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header(API_KEY_HEADER, apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(submission)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        return new Response(response.statusCode(), body.length == 0 ? null : JSON.readTree(body));
    }
}
