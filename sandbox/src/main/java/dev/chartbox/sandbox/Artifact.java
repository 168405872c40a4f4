package dev.chartbox.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A file the program produced.
 *
 * @param name        its path relative to the working directory, '/'-separated
 * @param contentType its media type, from its extension
 * @param bytes       its content (owned by this record; do not modify)
 * @param sha256      hex sha256 of the content
 * @param chart       the chart data of the matplotlib figure the image was saved from, as JSON text
 *                    (chart-data.schema.json) when the guest could read it. Written inside the guest,
 *                    so untrusted: parse it with limits and validate it before passing it on
 */
public record Artifact(String name, String contentType, byte[] bytes, String sha256, Optional<String> chart) {

    public Artifact(String name, String contentType, byte[] bytes, String sha256) {
        this(name, contentType, bytes, sha256, Optional.empty());
    }

    public static Artifact of(String name, byte[] bytes) {
        String type = ImageFormat.ofFileName(name).map(ImageFormat::contentType).orElse("application/octet-stream");
        return new Artifact(name, type, bytes, sha256(bytes));
    }

    /** This artifact with the chart data of its figure. */
    Artifact withChart(String json) {
        return new Artifact(name, contentType, bytes, sha256, Optional.of(json));
    }

    /**
     * The image files under a run's working directory that may be artifacts, in artifact order:
     * those the program wrote (sorted by path), then the figures the driver rendered (in figure
     * order); each under its artifact name, a plain file name (see {@link #nameOf}). Public so that
     * other engines' run folders are read by the same rule (the differential test).
     *
     * @return artifact name → the file's path relative to {@code work}
     */
    public static Map<String, String> candidates(Path work, List<String> rendered) throws IOException {
        var paths = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(work)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> work.relativize(p).toString())
                    .filter(path -> ImageFormat.ofFileName(path).isPresent())
                    .filter(path -> !rendered.contains(path))
                    .sorted()
                    .forEach(paths::add);
        }
        paths.addAll(rendered);
        // Files directly in the working directory keep their own names; those in subdirectories
        // take what is left. The order stays the order of the paths.
        var names = new HashMap<String, String>();
        for (boolean nested : new boolean[] {false, true}) {
            for (String path : paths) {
                if (path.contains("/") == nested) {
                    nameOf(path, names.keySet()).ifPresent(name -> names.put(name, path));
                }
            }
        }
        var byName = new LinkedHashMap<String, String>();
        var nameOfPath = new HashMap<String, String>();
        names.forEach((name, path) -> nameOfPath.put(path, name));
        for (String path : paths) {
            if (nameOfPath.containsKey(path)) {
                byName.put(nameOfPath.get(path), path);
            }
        }
        return byName;
    }

    /**
     * An artifact's name: a plain file name (no directory part, not hidden, printable, at most 255
     * characters) with an image extension, so it is safe as the last part of an object key. A file in
     * a subdirectory is named by its path with '/' as '_' ({@code charts/a.png} → {@code charts_a.png});
     * a name already taken (files directly in the working directory choose first) gets a number
     * ({@code charts_a-2.png}). Empty for a file that has no such name.
     */
    static Optional<String> nameOf(String relativePath, Set<String> taken) {
        String flat = relativePath.replace('/', '_');
        String name = flat;
        int dot = flat.lastIndexOf('.');
        for (int n = 2; taken.contains(name); n++) {
            name = flat.substring(0, dot) + "-" + n + flat.substring(dot);
        }
        return isValidName(name) ? Optional.of(name) : Optional.empty();
    }

    /** Whether a name is one an artifact may have: a plain file name of whole characters with an image extension. */
    public static boolean isValidName(String name) {
        return SandboxRequest.isPlainFileName(name)
                && ImageFormat.ofFileName(name).isPresent()
                && name.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c <= 0xFFFF);
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
