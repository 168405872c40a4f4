package dev.chartbox.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

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

    /**
     * The names of the image files under a run's working directory that may be artifacts, in artifact
     * order: those the program wrote (sorted by path), then the figures the driver rendered (in figure
     * order). Public so that other engines' run folders are read by the same rule (the differential test).
     */
    public static List<String> candidateNames(Path work, List<String> rendered) throws IOException {
        var names = new LinkedHashSet<String>();
        try (Stream<Path> files = Files.walk(work)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> work.relativize(p).toString())
                    .filter(name -> ImageFormat.ofFileName(name).isPresent())
                    .filter(name -> !rendered.contains(name))
                    .sorted()
                    .forEach(names::add);
        }
        names.addAll(rendered);
        return List.copyOf(names);
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
