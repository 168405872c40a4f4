package dev.chartbox.sandbox;

import dev.chartbox.sandbox.SandboxResult.Display;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The program's notebook-style last value, as the guest-side driver wrote it in /.chartbox
 * ({@code display_type}, {@code display_text}, {@code display_html}, {@code display_files}: the
 * image files of a figure value), read with caps.
 */
final class LastValueReport {

    private static final int MAX_TYPE_BYTES = 1024;
    /** display_value.py caps the text at 10,000 characters: at most 40,000 bytes of UTF-8. */
    private static final int MAX_TEXT_BYTES = 64 * 1024;
    /** display_value.py caps the HTML at 100,000 characters. */
    private static final int MAX_HTML_BYTES = 512 * 1024;
    private static final int MAX_FILES_BYTES = 64 * 1024;

    private LastValueReport() {}

    static Optional<Display> read(GuestFileSystem fs, Artifacts artifacts) {
        Optional<String> text = ControlFiles.text(fs, "display_text", MAX_TEXT_BYTES);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> files = ControlFiles.lines(fs, "display_files", MAX_FILES_BYTES);
        Optional<String> artifact = artifacts.kept().stream()
                .filter(a -> artifacts.pathOf(a.name()).filter(files::contains).isPresent())
                .min(Comparator.comparing(a -> !a.contentType().equals("image/png"))) // a PNG first: what a notebook shows
                .map(Artifact::name);
        return Optional.of(new Display(ControlFiles.text(fs, "display_type", MAX_TYPE_BYTES).orElse("object"), text.get(),
                ControlFiles.text(fs, "display_html", MAX_HTML_BYTES), artifact));
    }
}
