package dev.chartbox.api;

import dev.chartbox.schemas.ArtifactRef;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import java.io.InputStream;
import java.time.Instant;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Reads and presigns artifacts in S3 with the MinIO client; inert when no S3 endpoint is configured. */
@Component
public class ArtifactStore {

    private final MinioClient client;
    private final S3Presigner presigner;

    public ArtifactStore(S3Properties s3) {
        this.client = s3.configured()
                ? MinioClient.builder().endpoint(s3.endpoint()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build()
                : null;
        this.presigner = s3.configured() ? new S3Presigner(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey()) : null;
    }

    public boolean configured() {
        return client != null;
    }

    /** An object's content; the caller closes it. */
    public InputStream open(String bucket, String objectKey) throws MinioException {
        requireConfigured();
        return client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectKey).build());
    }

    /** A presigned GET URL valid until {@code expiresAt} (signed locally: no request to S3). */
    public String presign(ArtifactRef artifact, Instant now, Instant expiresAt) {
        requireConfigured();
        return presigner.presignGet(artifact.bucket(), artifact.objectKey(), now, Duration.between(now, expiresAt));
    }

    private void requireConfigured() {
        if (client == null) {
            throw new IllegalStateException("no S3 endpoint configured (chartbox.s3.endpoint)");
        }
    }
}
