package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What a notebook shows for the program's last value, when its last line is an expression:
 * {@code display} of a final {@link JobEvent}. Written from the program's own objects, so untrusted
 * text (render {@code html} only where it cannot act on the page, e.g. a sandboxed frame).
 *
 * @param type     the value's qualified Python type, e.g. {@code pandas.DataFrame}
 * @param text     its repr (capped)
 * @param html     an HTML table, for a pandas DataFrame or Styler; null otherwise
 * @param artifact for a figure (or an axes or artists on one), the name of the image artifact it was
 *                 saved or rendered as, a PNG when there is one; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Display(String type, String text, String html, String artifact) {

    public Display {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }
}
