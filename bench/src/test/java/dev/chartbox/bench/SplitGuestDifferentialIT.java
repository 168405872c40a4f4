package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issues 8 and 13's differential test, in {@code ./mvnw verify}: the sandbox's corpus on the
 * original guest (SIMD, unsplit, on wasmtime) and on the lowered and split guest in the chartbox
 * sandbox (Chicory); {@code -Dchartbox.differential.transformed=true} adds the lowered and split
 * guest on wasmtime. Needs the guest's cached artifacts and the bench venv, which it makes when
 * missing; it fails, never skips, when either cannot be had. Run files stay in target/differential/.
 */
class SplitGuestDifferentialIT {

    @Test
    void everyCorpusProgramEndsPrintsAndDrawsAlikeOnTheOriginalGuestAndInTheSandbox() throws Exception {
        Path corpus = Path.of(property("chartbox.corpus"));
        assertThat(corpus).as("the sandbox's corpus").isDirectory();
        var differential = new Differential(corpus, Path.of(property("chartbox.cache")),
                Path.of(property("chartbox.differential.out")), !Boolean.parseBoolean(property("chartbox.differential.fresh")),
                Boolean.parseBoolean(property("chartbox.differential.transformed")), System.err);

        Differential.Result result = differential.run();

        System.err.println("differential: " + result.programs().size() + " programs on " + result.engines() + "; seconds " + result.seconds());
        assertThat(result.programs()).as("programs in " + corpus).hasSizeGreaterThanOrEqualTo(10);
        assertThat(result.mismatches()).as("runs that differ from the reference, first difference each:\n%s", result.report()).isEmpty();
        long artifacts = result.outcomes().get(Differential.REFERENCE).values().stream().mapToLong(o -> o.artifacts().size()).sum();
        assertThat(artifacts).as("artifacts compared").isGreaterThanOrEqualTo(result.programs().size() - 2);
        assertThat(Files.isDirectory(Path.of(property("chartbox.differential.out")))).isTrue();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property " + name + " (set by bench/pom.xml's failsafe configuration)").isNotBlank();
        return value;
    }
}
