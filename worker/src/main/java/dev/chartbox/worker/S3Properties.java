package dev.chartbox.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where artifacts go: any S3-compatible server (MinIO, S3Proxy, AWS S3).
 *
 * @param endpoint  the server's URL, e.g. {@code http://minio:9000}
 * @param accessKey the access key ({@code CHARTBOX_S3_ACCESS_KEY})
 * @param secretKey the secret key ({@code CHARTBOX_S3_SECRET_KEY})
 * @param bucket    the bucket; created when missing
 * @param region    the region the client signs for (MinIO ignores it, but the client needs one)
 */
@ConfigurationProperties("chartbox.s3")
public record S3Properties(
        String endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("chartbox") String bucket,
        @DefaultValue("us-east-1") String region) {

    public S3Properties {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("chartbox.s3.endpoint (CHARTBOX_S3_ENDPOINT) is required");
        }
    }
}
