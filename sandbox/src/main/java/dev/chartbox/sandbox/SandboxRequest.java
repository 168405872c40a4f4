package dev.chartbox.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One program to run.
 *
 * @param code    the Python source, run as {@code main.py} (like {@code python main.py})
 * @param files   input files by plain file name (no directories), placed in the working directory
 * @param limits  what the run may use; see {@link Limits#defaults()}
 * @param formats the image formats in which figures the program leaves open are rendered
 */
public record SandboxRequest(String code, Map<String, byte[]> files, Limits limits, Set<ImageFormat> formats) {

    public SandboxRequest {
        Objects.requireNonNull(code, "code");
        files = Map.copyOf(files);
        for (String name : files.keySet()) {
            if (!isPlainFileName(name)) {
                throw new IllegalArgumentException("input file name must be a plain file name: " + name);
            }
        }
        Objects.requireNonNull(limits, "limits");
        formats = formats.isEmpty() ? Set.of(ImageFormat.PNG) : Set.copyOf(formats);
    }

    /** A program with no input files, default limits, and PNG for figures left open. */
    public static SandboxRequest of(String code) {
        return new SandboxRequest(code, Map.of(), Limits.defaults(), Set.of(ImageFormat.PNG));
    }

    public SandboxRequest withFile(String name, byte[] content) {
        var more = new LinkedHashMap<>(files);
        more.put(name, content);
        return new SandboxRequest(code, more, limits, formats);
    }

    public SandboxRequest withLimits(Limits newLimits) {
        return new SandboxRequest(code, files, newLimits, formats);
    }

    public SandboxRequest withFormats(Set<ImageFormat> newFormats) {
        return new SandboxRequest(code, files, limits, newFormats);
    }

    /** A name with no directory part, not hidden, not "." or "..", of printable characters. */
    public static boolean isPlainFileName(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= 255
                && !name.startsWith(".")
                && name.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
    }
}
