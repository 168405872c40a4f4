package dev.chartbox.sandbox;

import java.util.Locale;
import java.util.Optional;

/** Image formats recognised as chart artifacts, by file extension. */
public enum ImageFormat {
    PNG("png", "image/png"),
    SVG("svg", "image/svg+xml"),
    PDF("pdf", "application/pdf"),
    JPEG("jpg", "image/jpeg");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The format of a file name by its extension ({@code .jpeg} counts as JPEG). */
    public static Optional<ImageFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return lower.endsWith(".jpeg") ? Optional.of(JPEG) : Optional.empty();
    }

    /** Parses "png", "svg", "pdf", "jpg"/"jpeg" (any case). */
    public static ImageFormat parse(String text) {
        return ofFileName("x." + text)
                .orElseThrow(() -> new IllegalArgumentException("unknown image format: " + text));
    }
}
