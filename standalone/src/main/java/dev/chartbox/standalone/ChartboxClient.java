package dev.chartbox.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client of the api: submit a job, wait for its final state. Sends its API key to the api only. */
public final class ChartboxClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI api;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ChartboxClient(URI api, String apiKey) {
        this.api = api;
        this.apiKey = apiKey;
    }

    public URI api() {
        return api;
    }

    /** A response: its status code and its JSON body (null when it had none). */
    public record Response(int status, JsonNode body, Map<String, java.util.List<String>> headers) {}

    /** POSTs a submission ({@code code}, {@code files}, ...) to /v1/jobs. */
    public Response submit(Map<String, Object> submission, String idempotencyKey) throws IOException, InterruptedException {
        var request = authorized(api.resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(submission)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    public Response get(String jobId, Duration wait) throws IOException, InterruptedException {
        String query = wait.isZero() ? "" : "?wait=" + wait.toSeconds();
        return send(authorized(api.resolve("/v1/jobs/" + jobId + query)).timeout(wait.plusSeconds(30)).GET().build());
    }

    /** Waits until the job has a final status (anything but QUEUED and RUNNING) and returns it. */
    public JsonNode awaitFinal(String jobId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Response response = get(jobId, Duration.ofSeconds(20));
            if (response.status() == 200) {
                String status = response.body().path("status").asString();
                if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                    return response.body();
                }
            } else if (response.status() != 404) {
                throw new IOException("GET /v1/jobs/" + jobId + " answered " + response.status() + ": " + response.body());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("job " + jobId + " has no final result after " + timeout.toSeconds() + " s");
            }
            if (response.status() == 404) {
                Thread.sleep(200);
            }
        }
    }

    public byte[] download(String url) throws IOException, InterruptedException {
        var response = http.send(authorized(api.resolve(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A request; the key goes only to the api's own origin, never to a presigned S3 link. */
    private HttpRequest.Builder authorized(URI target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target);
        boolean sameOrigin = target.getScheme().equals(api.getScheme()) && target.getHost().equals(api.getHost()) && target.getPort() == api.getPort();
        if (apiKey != null && sameOrigin) {
            request.header("X-API-Key", apiKey);
        }
        return request;
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        JsonNode json = body.length == 0 ? null : JSON.readTree(body);
        return new Response(response.statusCode(), json, response.headers().map());
    }
}
