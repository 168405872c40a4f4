package dev.chartbox.worker;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's rule for an artifact's name, checked before anything is uploaded: the name becomes
 * the last part of an object key ({@code jobs/{jobId}/{name}}) and a file name on users' machines.
 * The sandbox hands over flat image file names ({@code Artifact.isValidName}); this is the same
 * rule checked again where the names enter the worker, plus well-formed UTF-16 (an object key is
 * UTF-8). Anything else is a chartbox bug, never uploaded.
 */
final class ArtifactNames {

    static final Set<String> EXTENSIONS = Set.of("png", "svg", "pdf", "jpg", "jpeg");
    private static final int MAX_LENGTH = 255;

    private ArtifactNames() {}

    /** Why {@code name} is not an acceptable artifact name, or empty when it is. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("it is longer than " + MAX_LENGTH + " characters");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("it contains a path separator");
        }
        if (name.startsWith(".")) {
            // Also refuses "." and "..": with no separator allowed, that is the only way a name can be a
            // path step. "a..png" is a legitimate flat name (the sandbox keeps it), so ".." inside is not refused.
            return Optional.of("it is hidden or a path step (starts with '.')");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("it contains a control character");
        }
        if (name.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            return Optional.of("it contains an unpaired surrogate");
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(extension)) {
            return Optional.of("its extension is not one of " + EXTENSIONS.stream().sorted().toList());
        }
        return Optional.empty();
    }

    /** A name as it may appear in a message: cut, control characters shown as '?'. */
    static String shown(String name) {
        String cut = name == null ? "" : name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
