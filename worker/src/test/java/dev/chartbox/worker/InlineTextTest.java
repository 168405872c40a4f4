package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.WireJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InlineTextTest {

    @Test
    void textWithinTheLimitIsKeptWhole() {
        assertThat(InlineText.head("hello", 5)).isEqualTo("hello");
    }

    @Test
    void aCutNeverSplitsAMultiByteCharacterOrASurrogatePair() {
        assertThat(InlineText.head("aé", 2)).isEqualTo("a");
        assertThat(InlineText.head("a€", 3)).isEqualTo("a");
        assertThat(InlineText.head("a\uD83D\uDE00b", 4)).isEqualTo("a"); // the emoji takes 4 bytes
        assertThat(InlineText.head("a\uD83D\uDE00b", 5)).isEqualTo("a\uD83D\uDE00");
    }

    @Test
    void theHeadIsMeasuredAsJsonSoEscapesCount() {
        String controls = "\u0001".repeat(100);
        String head = InlineText.head(controls, 60);

        assertThat(head).hasSize(10);
        byte[] json = WireJson.write(head);
        assertThat(json.length - 2).as("the JSON string without its quotes").isLessThanOrEqualTo(60);
    }

    @Test
    void theMeasureIsAnUpperBoundOfWhatJacksonWrites() {
        String mixed = "plain \"quoted\" back\\slash\ttab\nnewline\bbackspace\fformfeed\rreturn é € \uD83D\uDE00 \u0000 \u007f \uD800";
        long measured = mixed.codePoints().map(InlineText::jsonBytes).sum();

        assertThat(WireJson.write(mixed).length - 2).isLessThanOrEqualTo((int) measured);
        assertThat(mixed.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo((int) measured);
    }
}
