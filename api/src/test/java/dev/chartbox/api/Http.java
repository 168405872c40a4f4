package dev.chartbox.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client against a running API, the way any client would talk to it. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String[] credentials;

    /** A client without credentials. */
    Http(int port) {
        this(port, new String[0]);
    }

    private Http(int port, String[] credentials) {
        this.base = "http://localhost:" + port;
        this.credentials = credentials;
    }

    /** A client that sends this API key with every request to the API. */
    static Http withKey(int port, String apiKey) {
        return new Http(port, new String[] {"X-API-Key", apiKey});
    }

    /** A client that sends this bearer token with every request to the API. */
    static Http withBearer(int port, String token) {
        return new Http(port, new String[] {"Authorization", "Bearer " + token});
    }

    String base() {
        return base;
    }

    Response post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials.length > 0) {
            request.headers(credentials);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return new Response(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** A GET; credentials go only to this API, never to another host (such as a presigned S3 URL). */
    Response get(String pathOrUrl, String... headers) throws IOException, InterruptedException {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (credentials.length > 0 && url.startsWith(base + "/")) {
            request.headers(credentials);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return new Response(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** A request builder for this API, with the credentials. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (credentials.length > 0) {
            request.headers(credentials);
        }
        return request;
    }

    HttpClient client() {
        return client;
    }

    record Response(HttpResponse<byte[]> raw) {
        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        byte[] bytes() {
            return raw.body();
        }

        String text() {
            return new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(raw.body());
        }
    }
}
