package dev.chartbox.worker;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.schemas.StoredObject;
import io.minio.BucketExistsArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts artifacts into the S3 bucket under deterministic keys, {@code jobs/{jobId}/{name}}, so a
 * repeated upload of the same job overwrites instead of piling up. Any failure is an
 * {@link InfrastructureException}: the caller retries.
 */
public class ArtifactStore {

    private final MinioClient client;
    private final String bucket;
    private final AtomicBoolean bucketReady = new AtomicBoolean();

    public ArtifactStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    public static ArtifactStore of(S3Properties s3) {
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .httpClient(Http.newDefaultClient().newBuilder().socketFactory(new NoDelaySocketFactory()).build())
                .build();
        return new ArtifactStore(client, s3.bucket());
    }

    public String bucket() {
        return bucket;
    }

    public static String keyOf(String jobId, String name) {
        return "jobs/" + jobId + "/" + name;
    }

    /** Uploads one artifact and returns its object key. */
    public String put(String jobId, Artifact artifact) {
        return put(jobId, artifact.name(), artifact.bytes(), artifact.contentType(), artifact.sha256());
    }

    /**
     * Uploads a whole output stream as UTF-8 text under {@code jobs/{jobId}/{name}} ({@code stdout.txt},
     * {@code stderr.txt}: names no artifact can have, since artifacts are images).
     */
    public StoredObject putText(String jobId, String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(bytes);
        String key = put(jobId, name, bytes, "text/plain; charset=utf-8", sha256);
        return new StoredObject(bucket, key, bytes.length, sha256);
    }

    private String put(String jobId, String name, byte[] bytes, String contentType, String sha256) {
        ensureBucket();
        String key = keyOf(jobId, name);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType(contentType)
                    .userMetadata(Map.of("sha256", sha256, "job-id", jobId))
                    .build());
            return key;
        } catch (Exception e) {
            throw new InfrastructureException("uploading " + key + " to bucket " + bucket + " failed: " + e, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Creates the bucket if it is missing (once per process, or again after a failure). */
    public void ensureBucket() {
        if (bucketReady.get()) {
            return;
        }
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    // Another worker made it between our check and our request.
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            bucketReady.set(true);
        } catch (Exception e) {
            throw new InfrastructureException("bucket " + bucket + " is not reachable: " + e, e);
        }
    }
}
