package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every realistic chart program in the corpus ends as its header says, with real images. */
class CorpusTest {

    /** The corpus checks what programs produce; how fast is the benchmark's (a loaded machine takes 30 s for some). */
    private static final Limits GENEROUS = Limits.defaults().withDeadline(java.time.Duration.ofSeconds(120));

    static java.util.stream.Stream<CorpusProgram> programs() {
        return CorpusProgram.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void corpusProgramEndsAsItsHeaderSays(CorpusProgram program) {
        SandboxResult result = TestSandbox.shared().run(program.request().withLimits(GENEROUS));

        assertThat(result.status()).as(() -> program.name() + " ended " + result).isEqualTo(program.status());
        assertThat(result.artifacts()).extracting(Artifact::name).containsExactlyElementsOf(program.artifacts());
        result.artifacts().forEach(Images::assertPlausibleChart);
        result.artifacts().forEach(a -> assertThat(a.sha256()).isEqualTo(Artifact.of(a.name(), a.bytes()).sha256()));
        program.stdout().forEach(text -> assertThat(result.stdout().text()).contains(text));
        program.stderr().forEach(text -> assertThat(result.stderr().text()).contains(text));
        program.errorType().ifPresentOrElse(
                type -> assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo(type)),
                () -> assertThat(result.error()).isEmpty());
        if (program.status() == SandboxResult.Status.SUCCEEDED) {
            assertThat(result.exitCode()).isZero();
            assertThat(result.stderr().text()).as("stderr of a clean program").isEmpty();
        }
    }
}
