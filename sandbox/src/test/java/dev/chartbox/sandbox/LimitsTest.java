package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsAreWhatTheReadmeDocuments() {
        var d = Limits.defaults();

        assertThat(d.deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.memoryBytes()).isEqualTo(512L << 20);
        assertThat(d.stdoutBytes()).isEqualTo(1 << 20);
        assertThat(d.stderrBytes()).isEqualTo(1 << 20);
        assertThat(d.maxOutputFiles()).isEqualTo(32);
        assertThat(d.maxOutputBytes()).isEqualTo(20L << 20);
        assertThat(d.validate()).isSameAs(d);
        assertThat(Limits.MAXIMUM.validate()).isSameAs(Limits.MAXIMUM);
    }

    @Test
    void aValueAboveTheMaximumIsRefusedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.defaults().withDeadline(Duration.ofHours(1)).validate())
                .withMessageStartingWith("deadline");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.defaults().withMemoryBytes(8L << 30).validate())
                .withMessageStartingWith("memoryBytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.defaults().withOutput(1000, 1).validate())
                .withMessageStartingWith("maxOutputFiles");
    }

    @Test
    void aRequestRefusesInputFileNamesWithDirectories() {
        for (String bad : new String[] {"../x.csv", "a/b.csv", ".hidden", "", "..", "c\\d"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> SandboxRequest.of("pass").withFile(bad, new byte[0]));
        }
        assertThat(SandboxRequest.of("pass").withFile("data 2024.csv", new byte[0]).files()).containsKey("data 2024.csv");
    }
}
