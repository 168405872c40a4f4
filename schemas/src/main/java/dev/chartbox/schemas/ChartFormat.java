package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Formats in which figures a program leaves open are rendered; lower case on the wire. */
public enum ChartFormat {
    PNG,
    SVG,
    PDF,
    JPG;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ChartFormat parse(String text) {
        for (ChartFormat format : values()) {
            if (format.wireName().equals(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "' (expected png, svg, pdf or jpg)");
    }
}
