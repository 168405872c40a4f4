package dev.chartbox.standalone;

import dev.chartbox.api.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The API key of a local chartbox, kept in {@code ~/.config/chartbox/api-key} (or
 * {@code $XDG_CONFIG_HOME/chartbox/api-key}), readable by its owner only: {@code chartbox up} makes
 * it once and reuses it, {@code chartbox submit} reads it.
 */
final class LocalApiKey {

    private LocalApiKey() {}

    static Path file() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("chartbox").resolve("api-key");
    }

    static Optional<String> read() throws IOException {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        return key.startsWith(ApiKeys.PREFIX) ? Optional.of(key) : Optional.empty();
    }

    /** The saved key, or a new one saved now. */
    static String readOrCreate() throws IOException {
        Optional<String> saved = read();
        if (saved.isPresent()) {
            return saved.get();
        }
        String key = ApiKeys.generate();
        Path file = file();
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "api-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return key;
    }
}
