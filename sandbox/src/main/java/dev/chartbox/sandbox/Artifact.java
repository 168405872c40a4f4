package dev.chartbox.sandbox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file the program produced.
 *
 * @param name        its path relative to the working directory, '/'-separated
 * @param contentType its media type, from its extension
 * @param bytes       its content (owned by this record; do not modify)
 * @param sha256      hex sha256 of the content
 */
public record Artifact(String name, String contentType, byte[] bytes, String sha256) {

    public static Artifact of(String name, byte[] bytes) {
        String type = ImageFormat.ofFileName(name).map(ImageFormat::contentType).orElse("application/octet-stream");
        return new Artifact(name, type, bytes, sha256(bytes));
    }

    public long size() {
        return bytes.length;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
