package dev.chartbox.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3 server artifacts live in (the worker writes them; the API reads or presigns them). The
 * bucket comes from each artifact's record. Without an endpoint, artifact links are omitted and the
 * artifact route answers 503.
 *
 * @param endpoint  e.g. {@code http://minio:9000}
 * @param region    the region signed into requests (MinIO accepts any)
 */
@ConfigurationProperties("chartbox.s3")
public record S3Properties(String endpoint, @DefaultValue("us-east-1") String region, String accessKey, String secretKey) {

    public boolean configured() {
        return endpoint != null && !endpoint.isBlank();
    }
}
