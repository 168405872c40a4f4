package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An input file placed in the program's working directory: exactly one of {@code text} (UTF-8) or
 * {@code base64} (any bytes) is set.
 *
 * @param name a plain file name (no directory part, not hidden)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputFile(String name, String text, String base64) {

    public static InputFile text(String name, String text) {
        return new InputFile(name, text, null);
    }

    public static InputFile binary(String name, byte[] content) {
        return new InputFile(name, null, Base64.getEncoder().encodeToString(content));
    }

    /** The content as bytes; throws {@link IllegalArgumentException} for bad base64 or when neither is set. */
    @JsonIgnore
    public byte[] bytes() {
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (base64 != null) {
            return Base64.getDecoder().decode(base64);
        }
        throw new IllegalArgumentException("file '" + name + "' has neither text nor base64");
    }
}
