package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.bench.RunOutcome.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeComparisonTest {

    @TempDir
    Path dir;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6};

    private static RunOutcome outcome(String stderr, byte[] chart) {
        return new RunOutcome("SUCCEEDED", 0, "", "", "", "Top region: West\n", stderr, List.of(new OutputFile("chart.png", chart)));
    }

    @Test
    void identicalRunsHaveNoDifference() {
        assertThat(OutcomeComparison.firstDifference("a", outcome("warn\n", PNG), "b", outcome("warn\n", PNG.clone()))).isEmpty();
    }

    @Test
    void aOneByteArtifactDifferenceIsReportedWithItsOffset() {
        byte[] changed = PNG.clone();
        changed[7] ^= 1;

        var difference = OutcomeComparison.firstDifference("wasmtime", outcome("", PNG), "chicory", outcome("", changed));

        assertThat(difference).hasValueSatisfying(d -> assertThat(d)
                .startsWith("artifact chart.png differs at byte 7")
                .contains("wasmtime: chart.png (10 bytes, sha256 3a801022")
                .contains("bytes from 7: 04 05 06")
                .contains("chicory: chart.png (10 bytes, sha256 e86098a9")
                .contains("bytes from 7: 05 05 06"));
    }

    @Test
    void aStderrDifferenceIsReportedWithItsLineAndBothSides() {
        var difference = OutcomeComparison.firstDifference("wasmtime", outcome("line one\nKeyError: 'revenue'\n", PNG),
                "chicory", outcome("line one\nKeyError: 'revenuE'\n", PNG));

        assertThat(difference).hasValueSatisfying(d -> assertThat(d)
                .startsWith("stderr differs at character 26 (line 2;")
                .contains("wasmtime: \"line one\\nKeyError: 'revenu|e'\\n\"")
                .contains("chicory: \"line one\\nKeyError: 'revenu|E'\\n\""));
    }

    @Test
    void theStatusIsComparedBeforeTheStreams() {
        var failed = new RunOutcome("FAILED", 1, "KeyError", "'x'", "tb", "", "other", List.of());

        assertThat(OutcomeComparison.firstDifference("a", outcome("", PNG), "b", failed))
                .hasValue("status differs:\n  a: SUCCEEDED\n  b: FAILED");
    }

    @Test
    void aMissingArtifactIsReportedByName() {
        var none = new RunOutcome("SUCCEEDED", 0, "", "", "", "Top region: West\n", "", List.of());

        assertThat(OutcomeComparison.firstDifference("a", outcome("", PNG), "b", none))
                .hasValue("artifact names differ:\n  a: [chart.png]\n  b: []");
    }

    @Test
    void aRunDirectoryIsReadAsTheSandboxReadsItsRun() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("work"));
        Files.createDirectories(run.resolve("control"));
        Files.write(run.resolve("work/main.py"), "print(1)".getBytes(StandardCharsets.UTF_8));
        Files.write(run.resolve("work/data.csv"), new byte[] {1});
        Files.write(run.resolve("work/input.png"), new byte[] {9}); // an input left unchanged: not an artifact
        Files.write(run.resolve("work/b.png"), new byte[] {2});
        Files.write(run.resolve("work/figure_1.png"), new byte[] {3});
        Files.writeString(run.resolve("control/rendered"), "figure_1.png\n");
        Files.writeString(run.resolve("control/exit_code"), "0");
        Files.write(run.resolve("stdout"), new byte[] {'o', 'k', (byte) 0xff});
        Files.writeString(run.resolve("stderr"), "");
        Files.writeString(run.resolve("session"), "exit=0\ntrapped=\ntruncated=\n");

        RunOutcome read = RunOutcome.fromRunDir(run, Map.of("input.png", new byte[] {9}));

        assertThat(read.status()).isEqualTo("SUCCEEDED");
        assertThat(read.stdout()).isEqualTo("ok\uFFFD");
        assertThat(read.artifacts()).extracting(OutputFile::name).containsExactly("b.png", "figure_1.png");
    }

    @Test
    void aDriverErrorAndATrapAreReadAsFailures() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("work"));
        Files.createDirectories(run.resolve("control"));
        Files.writeString(run.resolve("control/exit_code"), "1");
        Files.writeString(run.resolve("control/error_type"), "KeyError");
        Files.writeString(run.resolve("control/error_message"), "'revenue'");
        Files.writeString(run.resolve("session"), "exit=0\ntrapped=\n");

        assertThat(RunOutcome.fromRunDir(run, Map.of())).extracting(RunOutcome::status, RunOutcome::exitCode, RunOutcome::errorType)
                .containsExactly("FAILED", 1, "KeyError");

        Files.writeString(run.resolve("session"), "exit=None\ntrapped=wasm trap: out of bounds memory access\n");
        assertThat(RunOutcome.fromRunDir(run, Map.of())).extracting(RunOutcome::status, RunOutcome::errorType)
                .containsExactly("FAILED", "WebAssemblyTrap");
    }

    @Test
    void thePreambleKeepsTheProgramsLineNumbersWhenItStartsWithAComment() {
        String program = "# expect-status: FAILED\nimport pandas as pd\nraise KeyError('x')\n";

        String run = Differential.deterministic(program);

        assertThat(run.lines().count()).isEqualTo(program.lines().count());
        assertThat(run).startsWith(Differential.PREAMBLE + "  # expect-status: FAILED\n").endsWith("\nraise KeyError('x')\n");
        assertThat(Differential.deterministic("print(1)\n")).isEqualTo(Differential.PREAMBLE + "\nprint(1)\n");
    }
}
