package dev.chartbox.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline's contract, end to end through real components: HTTP api → Kafka → worker → real
 * sandbox → S3 → results topic → api. Run against the in-process broker and S3 server, and against
 * containers where Docker exists.
 */
abstract class PipelineContract {

    static final Duration FINISH = Duration.ofMinutes(5);

    abstract Standalone system();

    ChartboxClient client() {
        return new ChartboxClient(system().apiUrl(), system().apiKey());
    }

    String submit(Map<String, Object> submission) throws Exception {
        var accepted = client().submit(submission, null);
        assertThat(accepted.status()).as("POST /v1/jobs answered %s", accepted.body()).isEqualTo(202);
        return accepted.body().path("id").asString();
    }

    @Test
    void aSubmittedProgramSucceedsAndItsArtifactIsInS3WithTheAdvertisedSha256() throws Exception {
        String id = submit(Map.of("code", Programs.SVG_CHART));

        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("stdout").asString()).isEqualTo("drawn\n");
        JsonNode artifact = job.path("artifacts").get(0);
        assertThat(artifact.path("name").asString()).isEqualTo("chart.svg");
        assertThat(artifact.path("contentType").asString()).isEqualTo("image/svg+xml");
        var infra = system().infrastructure();
        MinioClient s3 = MinioClient.builder().endpoint(infra.s3Endpoint()).credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region("us-east-1").build();
        byte[] stored;
        try (var in = s3.getObject(GetObjectArgs.builder().bucket("chartbox").object("jobs/" + id + "/chart.svg").build())) {
            stored = in.readAllBytes();
            assertThat(in.headers().get("x-amz-meta-sha256")).isEqualTo(artifact.path("sha256").asString());
        }
        assertThat(sha256(stored)).isEqualTo(artifact.path("sha256").asString());
        assertThat(new String(stored)).startsWith("<svg");
        assertThat(client().download(artifact.path("url").asString())).isEqualTo(stored);
    }

    @Test
    void aProgramThatRaisesFailsWithItsTracebackAndIsNotRetried() throws Exception {
        String id = submit(Map.of("code", Programs.DIVIDES_BY_ZERO));

        JsonNode job = client().awaitFinal(id, FINISH);

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("FAILED");
        assertThat(job.path("stdout").asString()).isEqualTo("before\n");
        assertThat(job.path("error").path("type").asString()).isEqualTo("ZeroDivisionError");
        assertThat(job.path("error").path("traceback").asString()).contains("line 2").contains("ZeroDivisionError");
    }

    @Test
    void aResubmissionWithTheSameIdempotencyKeyIsTheSameJob() throws Exception {
        String key = "test-" + UUID.randomUUID();
        var first = client().submit(Map.of("code", "print('once')"), key);
        var second = client().submit(Map.of("code", "print('once')"), key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
        assertThat(client().awaitFinal(first.body().path("id").asString(), FINISH).path("stdout").asString()).isEqualTo("once\n");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
