package dev.chartbox.worker;

/** An artifact as it was uploaded: where it is and what it is. */
public record StoredArtifact(String name, String contentType, long size, String sha256, String bucket, String key) {}
