package dev.chartbox.schemas;

/**
 * A file the program produced, stored in S3 at {@code bucket}/{@code objectKey}
 * (the worker uses {@code jobs/{jobId}/{name}}).
 *
 * @param size   bytes
 * @param sha256 hex sha256 of the content
 */
public record ArtifactRef(String name, String contentType, long size, String sha256, String bucket, String objectKey) {}
