package dev.chartbox.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the guest-side driver (chartbox_driver.py) left in /.chartbox. The program can write
 * there too (it runs in the same interpreter), so every file is read with a cap: a bloated control
 * file costs the host at most its cap.
 */
final class ControlFiles {

    private ControlFiles() {}

    /** The first {@code cap} bytes of a control file as text, marked when there was more. */
    static Optional<String> text(GuestFileSystem fs, String name, int cap) {
        return head(fs, name, cap).map(head -> {
            String text = new String(head, 0, Math.min(cap, head.length), StandardCharsets.UTF_8);
            return head.length > cap ? text + "\n[cut at " + cap + " bytes by chartbox]" : text;
        });
    }

    /** A control file's lines (empty ones dropped), read up to {@code cap} bytes. */
    static List<String> lines(GuestFileSystem fs, String name, int cap) {
        return head(fs, name, cap)
                .map(head -> new String(head, 0, Math.min(cap, head.length), StandardCharsets.UTF_8))
                .map(t -> Arrays.stream(t.split("\n")).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** A control file's whole content as text, or empty when it is missing or over {@code cap} bytes. */
    static Optional<String> whole(GuestFileSystem fs, String name, int cap) {
        return head(fs, name, cap).filter(head -> head.length <= cap).map(head -> new String(head, StandardCharsets.UTF_8));
    }

    /** At most {@code cap} + 1 bytes of a regular control file (links are not followed). */
    private static Optional<byte[]> head(GuestFileSystem fs, String name, int cap) {
        Path file = fs.path(GuestFileSystem.CONTROL + "/" + name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(in.readNBytes(cap + 1));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
