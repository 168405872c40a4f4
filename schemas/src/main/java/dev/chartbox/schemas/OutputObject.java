package dev.chartbox.schemas;

/**
 * A whole output stream (stdout or stderr) stored in S3 because it was longer than the worker's
 * inline threshold; the event's {@code stdout}/{@code stderr} then holds only its head. The worker
 * stores it at {@code jobs/{jobId}/stdout.txt} or {@code stderr.txt}.
 *
 * @param size   bytes
 * @param sha256 hex sha256 of the content
 */
public record OutputObject(String bucket, String objectKey, long size, String sha256) {}
