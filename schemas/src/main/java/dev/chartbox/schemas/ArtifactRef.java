package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A file the program produced, stored in S3 at {@code bucket}/{@code objectKey}
 * (the worker uses {@code jobs/{jobId}/{name}}).
 *
 * @param size   bytes
 * @param sha256 hex sha256 of the content
 * @param chart  the chart data of the matplotlib figure the image was saved from
 *               ({@code chart-data.schema.json}, E2B's shape); null when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactRef(String name, String contentType, long size, String sha256, String bucket, String objectKey, JsonNode chart) {

    /** An artifact without chart data. */
    public ArtifactRef(String name, String contentType, long size, String sha256, String bucket, String objectKey) {
        this(name, contentType, size, sha256, bucket, objectKey, null);
    }
}
