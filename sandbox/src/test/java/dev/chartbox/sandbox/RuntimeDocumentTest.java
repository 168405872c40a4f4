package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The runtime document the api serves ({@code GET /v1/runtime}) and agents put in their prompts is
 * exactly what a job sees in the guest that ships: when the guest changes, this fails until the
 * document is made again with {@code bin/chartbox sandbox info --runtime > } the file below.
 */
class RuntimeDocumentTest {

    private static final Path DOCUMENT = Path.of("../schemas/src/main/resources/chartbox/runtime.json");

    @Test
    void theServedRuntimeDocumentListsWhatAJobSeesInTheGuest() throws IOException {
        String described = TestSandbox.shared().describeRuntime();

        assertThat(described).contains("\"numpy\"", "\"pandas\"", "\"matplotlib\"");
        assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
                .as("%s is out of date: make it again with bin/chartbox sandbox info --runtime", DOCUMENT)
                .isEqualTo(described);
    }
}
