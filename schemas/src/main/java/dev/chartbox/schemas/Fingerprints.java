package dev.chartbox.schemas;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The request fingerprint: sha256 (hex) of the canonical submission's JSON, for idempotency checks. */
public final class Fingerprints {

    private Fingerprints() {}

    public static String of(JobSubmission submission) {
        return sha256(WireJson.canonicalBytes(submission.canonical()));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
