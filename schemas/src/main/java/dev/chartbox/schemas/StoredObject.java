package dev.chartbox.schemas;

/**
 * An object in S3, such as a job's whole stdout when it is longer than a result carries inline
 * ({@code jobs/{jobId}/stdout.txt}, {@code stderr.txt}).
 *
 * @param size   bytes
 * @param sha256 hex sha256 of the content
 */
public record StoredObject(String bucket, String objectKey, long size, String sha256) {}
