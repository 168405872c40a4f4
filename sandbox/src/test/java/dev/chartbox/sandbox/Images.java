package dev.chartbox.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Checks that bytes are a real image of plausible size, by format. */
final class Images {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Images() {}

    /** Throws AssertionError unless {@code bytes} is a chart-sized image in the artifact's format. */
    static void assertPlausibleChart(Artifact artifact) {
        byte[] bytes = artifact.bytes();
        switch (artifact.contentType()) {
            case "image/png" -> {
                check(artifact, bytes.length > 2_000 && Arrays.equals(Arrays.copyOf(bytes, 8), PNG_SIGNATURE), "a PNG over 2 kB");
                var header = ByteBuffer.wrap(bytes, 16, 8);
                int width = header.getInt();
                int height = header.getInt();
                check(artifact, width >= 200 && height >= 200 && width <= 10_000 && height <= 10_000,
                        "a PNG of chart size, not " + width + "x" + height);
                String tail = new String(bytes, bytes.length - 8, 4, StandardCharsets.ISO_8859_1);
                check(artifact, tail.equals("IEND"), "a complete PNG (IEND last)");
            }
            case "image/svg+xml" -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                check(artifact, bytes.length > 2_000 && text.contains("<svg") && text.trim().endsWith("</svg>"), "a complete SVG over 2 kB");
            }
            case "application/pdf" -> check(artifact, new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"), "a PDF");
            case "image/jpeg" -> check(artifact, (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8, "a JPEG");
            default -> throw new AssertionError(artifact.name() + ": unexpected content type " + artifact.contentType());
        }
    }

    private static void check(Artifact artifact, boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(artifact.name() + " (" + artifact.size() + " bytes) is not " + what);
        }
    }
}
