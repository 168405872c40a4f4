package dev.chartbox.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.Sandbox;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.WireJson;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The pipeline over the in-process KRaft broker and S3Proxy, plus the failures only this setup can inject. */
class EmbeddedPipelineTest extends PipelineContract {

    /**
     * Short retries so that running out of them takes seconds (0.5 + 1 + 2 + 2 + 2 + 2 s), and a
     * one-chart warm-up and none while idle: these tests are about delivery, not speed (WarmUpTest covers the warm-up).
     */
    static final Map<String, Object> QUICK = Map.of(
            "chartbox.worker.retry.initial-interval", "500ms",
            "chartbox.worker.retry.max-interval", "2s",
            "chartbox.worker.retry.max-retries", 6,
            "chartbox.worker.shutdown-grace", "1s",
            "chartbox.worker.warm-up-runs", 1,
            "chartbox.worker.idle-warm-up-runs", 0);

    static Sandbox sandbox;
    static Standalone system;
    static Standalone.Options options;

    @BeforeAll
    static void start() throws Exception {
        sandbox = TestSandbox.shared();
        options = Standalone.Options.defaults().withApiPort(0).withProperties(QUICK);
        system = Standalone.start(options, Optional.of(sandbox));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Override
    Standalone system() {
        return system;
    }

    @Test
    void aChartsDataAndTheProgramsLastValueAreOnTheResultsTopicAndInTheRestJob() throws Exception {
        String id = submit(Map.of("code", Programs.BAR_CHART_THEN_DESCRIBE));

        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        JsonNode chart = job.at("/artifacts/0/chart");
        assertThat(chart.path("type").asString()).isEqualTo("bar");
        assertThat(chart.path("elements").valueStream().map(e -> e.path("label").asString() + "=" + e.path("value").asDouble()))
                .containsExactly("a=3.0", "b=5.0");
        assertThat(job.at("/display/type").asString()).isEqualTo("pandas.DataFrame");
        assertThat(job.at("/display/html").asString()).startsWith("<table").contains("<th>mean</th>");
        assertThat(job.at("/display/text").asString()).contains("count");
        JsonNode onTopic = WireJson.mapper().readTree(finalEvents(id).getFirst().value());
        assertThat(Contract.JOB_EVENT.violations(onTopic)).isEmpty();
        assertThat(onTopic.at("/artifacts/0/chart")).isEqualTo(chart);
        assertThat(onTopic.path("display")).isEqualTo(job.path("display"));
    }

    @Test
    void aJobWhoseUploadFailsWhileS3IsDownIsRetriedAndFinishesWhenS3IsBack() throws Exception {
        EmbeddedS3 s3 = system.embeddedS3().orElseThrow();
        s3.pause();
        String id;
        try {
            id = submit(Map.of("code", Programs.SVG_CHART));
            awaitStatus(id, "RUNNING");
            // The program has run; its upload now fails and is retried with backoff.
            Thread.sleep(1500);
            assertThat(client().get(id, Duration.ZERO).body().path("status").asString()).isEqualTo("RUNNING");
        } finally {
            s3.resume();
        }
        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(client().download(job.path("artifacts").get(0).path("url").asString())).startsWith("<svg".getBytes(StandardCharsets.UTF_8));
        assertThat(finalEvents(id)).hasSize(1);
    }

    @Test
    void aJobWhoseUploadFailsPastTheRetryBudgetEndsAsInternalErrorAndIsDeadLettered() throws Exception {
        EmbeddedS3 s3 = system.embeddedS3().orElseThrow();
        s3.pause();
        String id;
        JsonNode job;
        try {
            id = submit(Map.of("code", Programs.SVG_CHART));
            job = client().awaitFinal(id, FINISH);
        } finally {
            s3.resume();
        }

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("INTERNAL_ERROR");
        assertThat(job.path("error").path("message").asString()).contains("after retries").contains("Connection refused");
        var deadLetters = TopicReader.await(system.infrastructure().bootstrapServers(), "chartbox.jobs.dlt",
                r -> id.equals(r.key()), l -> !l.isEmpty(), Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        assertThat(finalEvents(id)).hasSize(1);
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndRejectedAndTheWorkerKeepsServing() throws Exception {
        String key = "poison-" + System.nanoTime();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", system.infrastructure().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("chartbox.jobs", key, "this is not JSON".getBytes(StandardCharsets.UTF_8))).get();
        }

        var deadLetters = TopicReader.await(system.infrastructure().bootstrapServers(), "chartbox.jobs.dlt",
                r -> key.equals(r.key()), l -> !l.isEmpty(), FINISH);
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON");
        List<ConsumerRecord<String, byte[]>> rejected = finalEvents(key);
        assertThat(rejected).hasSize(1);
        assertThat(WireJson.mapper().readTree(rejected.get(0).value()).path("status").asString()).isEqualTo("REJECTED");

        String id = submit(Map.of("code", "print('still serving')"));
        assertThat(client().awaitFinal(id, FINISH).path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aJobWhoseWorkerStopsMidRunIsFinishedByAnotherWorkerWithOneFinalResult() throws Exception {
        ConfigurableApplicationContext second = system.startWorker(options, "worker-standby");
        String id = submit(Map.of("code", Programs.SLEEPS));
        String first = awaitStatus(id, "RUNNING").path("workerId").asString();
        ConfigurableApplicationContext running = system.workers().stream()
                .filter(w -> w.getEnvironment().getProperty("chartbox.worker.id").equals(first))
                .findFirst().orElseThrow();

        running.close();
        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        List<ConsumerRecord<String, byte[]>> finals = finalEvents(id);
        assertThat(finals).hasSize(1);
        assertThat(WireJson.mapper().readTree(finals.get(0).value()).path("workerId").asString()).isNotEqualTo(first);
        // Keep one worker serving the other tests, whichever stopped.
        if (running != second) {
            assertThat(second.isActive()).isTrue();
        } else {
            system.startWorker(options, "worker-replacement");
        }
    }

    @Test
    void theWorkerPublishesItsMetricsForPrometheusAfterARealJob() throws Exception {
        String id = submit(Map.of("code", Programs.SVG_CHART));
        assertThat(client().awaitFinal(id, FINISH).path("status").asString()).isEqualTo("SUCCEEDED");

        String ranIt = WireJson.mapper().readTree(finalEvents(id).get(0).value()).path("workerId").asString();
        String metrics = scrape(system.workers().stream()
                .filter(w -> w.isActive() && ranIt.equals(w.getEnvironment().getProperty("chartbox.worker.id")))
                .findFirst().orElseThrow());

        assertThat(value(metrics, "chartbox_jobs_finished_total", "status=\"SUCCEEDED\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "chartbox_job_duration_seconds_count", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "chartbox_job_duration_seconds_bucket", "le=\"30.0\"")).isGreaterThanOrEqualTo(1);
        for (String phase : List.of("queue_wait", "instantiate", "execute", "upload", "publish")) {
            assertThat(value(metrics, "chartbox_job_phase_seconds_count", "phase=\"" + phase + "\"")).as(phase).isGreaterThanOrEqualTo(1);
        }
        assertThat(value(metrics, "chartbox_artifacts_total", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "chartbox_artifact_bytes_total", "")).isGreaterThanOrEqualTo(50);
        assertThat(value(metrics, "chartbox_sandboxes_active", "")).isZero();
        assertThat(value(metrics, "chartbox_sandboxes_pooled", "")).isEqualTo(1);
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void aProgramPrintingMegabytesToBothStreamsSucceedsAndBothStreamsAreWholeInS3() throws Exception {
        String program = """
                import sys
                line = "x" * 1023 + "\\n"
                for i in range(2048):
                    sys.stdout.write(line)
                for i in range(2048):
                    sys.stderr.write(line)
                """;
        String id = submit(Map.of("code", program, "limits", Map.of("stdoutBytes", 4 << 20, "stderrBytes", 4 << 20)));

        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job.path("error")).isEqualTo("SUCCEEDED");
        List<ConsumerRecord<String, byte[]>> finals = finalEvents(id);
        assertThat(finals).hasSize(1);
        assertThat(finals.get(0).value().length).as("the result record").isLessThan(200 * 1024);
        JsonNode event = WireJson.mapper().readTree(finals.get(0).value());
        var infra = system.infrastructure();
        MinioClient s3 = MinioClient.builder().endpoint(infra.s3Endpoint()).credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region("us-east-1").build();
        for (String stream : List.of("stdout", "stderr")) {
            JsonNode object = event.path(stream + "Object");
            assertThat(object.path("objectKey").asString()).isEqualTo("jobs/" + id + "/" + stream + ".txt");
            byte[] whole;
            try (var in = s3.getObject(GetObjectArgs.builder().bucket(object.path("bucket").asString())
                    .object(object.path("objectKey").asString()).build())) {
                whole = in.readAllBytes();
            }
            assertThat(whole.length).as(stream).isEqualTo(2 << 20).isEqualTo(object.path("size").asLong());
            assertThat(sha256(whole)).isEqualTo(object.path("sha256").asString());
            assertThat(new String(whole, StandardCharsets.UTF_8)).isEqualTo(("x".repeat(1023) + "\n").repeat(2048));
            String head = event.path(stream).asString();
            assertThat(head.length()).as("a head of 64 KiB as JSON, newlines counting 2 bytes").isBetween(64 * 1024 - 1100, 64 * 1024);
            assertThat(new String(whole, StandardCharsets.UTF_8)).startsWith(head);
            assertThat(event.path(stream + "Truncated").asBoolean()).as("the sandbox kept all of " + stream).isFalse();
        }
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        for (int i = 0; i < 600; i++) {
            var response = client().get(id, Duration.ZERO);
            if (response.status() == 200 && status.equals(response.body().path("status").asString())) {
                return response.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " never reached " + status);
    }

    /** Final events (anything but RUNNING) for a job on the results topic, after a moment for stragglers. */
    private List<ConsumerRecord<String, byte[]>> finalEvents(String id) {
        return TopicReader.await(system.infrastructure().bootstrapServers(), "chartbox.results",
                r -> id.equals(r.key()) && !WireJson.mapper().readTree(r.value()).path("status").asString().equals("RUNNING"),
                l -> false, Duration.ofSeconds(3));
    }

    private static String scrape(ConfigurableApplicationContext worker) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Standalone.actuatorUrl(worker) + "/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    private static double value(String exposition, String name, String label) {
        return exposition.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(label))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " with " + label + " in:\n" + exposition.lines()
                        .filter(l -> l.startsWith("chartbox_")).toList()));
    }
}
