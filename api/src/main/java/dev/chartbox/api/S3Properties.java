package dev.chartbox.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3 server artifacts live in (the worker writes them; the API reads or presigns them). Without
 * an endpoint, artifact links are omitted and the artifact route answers 503. The API only reads
 * objects in {@code bucket} under the job's own prefix {@code jobs/{jobId}/}, whatever a result
 * record names; its credentials need only read access there.
 *
 * @param endpoint  e.g. {@code http://minio:9000}
 * @param bucket    the one bucket job outputs live in (the worker's {@code chartbox.s3.bucket})
 * @param region    the region signed into requests (MinIO accepts any)
 */
@ConfigurationProperties("chartbox.s3")
public record S3Properties(String endpoint, @DefaultValue("us-east-1") String region, String accessKey, String secretKey,
        @DefaultValue("chartbox") String bucket) {

    public boolean configured() {
        return endpoint != null && !endpoint.isBlank();
    }

    /** Whether an object belongs to this job: in our bucket, under {@code jobs/{jobId}/}, no path tricks. */
    public boolean holdsJobObject(String jobId, String objectBucket, String objectKey) {
        String prefix = "jobs/" + jobId + "/";
        return bucket.equals(objectBucket) && objectKey != null && objectKey.startsWith(prefix) && objectKey.length() > prefix.length()
                && !objectKey.contains("/../") && !objectKey.endsWith("/..") && !objectKey.contains("//") && !jobId.contains("/");
    }
}

