package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramTest {

    @TempDir
    Path dir;

    @Test
    void inputsNamedInTheHeaderAreReadFromTheInputsFolder() throws IOException {
        Files.createDirectories(dir.resolve("inputs"));
        Files.writeString(dir.resolve("inputs/sales.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("chart.py"), "# expect-status: SUCCEEDED\n# input: sales.csv\nimport pandas\n");

        Program program = Program.load(dir.resolve("chart.py"));

        assertThat(program.name()).isEqualTo("chart");
        assertThat(program.inputs()).containsOnlyKeys("sales.csv");
        assertThat(new String(program.inputs().get("sales.csv"))).isEqualTo("a,b\n1,2\n");
        assertThat(program.expectedStatus()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aProgramMeantToFailSaysSoInItsHeader() throws IOException {
        Files.writeString(dir.resolve("boom.py"), "# expect-status: failed\nraise KeyError('x')\n");

        assertThat(Program.load(dir.resolve("boom.py")).expectedStatus()).isEqualTo("FAILED");
    }

    @Test
    void headersAfterTheFirstCodeLineAreIgnored() throws IOException {
        Files.writeString(dir.resolve("late.py"), "print(1)\n# input: missing.csv\n");

        assertThat(Program.load(dir.resolve("late.py")).inputs()).isEmpty();
    }

    @Test
    void aMissingInputFileIsReportedByName() throws IOException {
        Files.writeString(dir.resolve("chart.py"), "# input: nowhere.csv\n");

        assertThatThrownBy(() -> Program.load(dir.resolve("chart.py"))).hasMessageContaining("nowhere.csv");
    }

    @Test
    void thePurePythonSetHasAtLeastEightProgramsThatExpectToSucceed() throws IOException {
        var programs = Program.loadAll(Path.of("programs/python"));

        assertThat(programs).hasSizeGreaterThanOrEqualTo(8);
        assertThat(programs).allSatisfy(p -> assertThat(p.expectedStatus()).isEqualTo("SUCCEEDED"));
        assertThat(programs).extracting(Program::name).contains("loop_sum", "richards", "nbody", "float_points", "json_dumps");
    }

    @Test
    void theTimedCodeRunsTheProgramAndPrintsItsOwnSecondsLast() {
        var program = new Program("p", "print('hello')", java.util.Map.of(), "SUCCEEDED");

        String timed = program.timedCode();

        assertThat(timed).contains("\nprint('hello')\n");
        assertThat(timed.lines().toList().getLast()).contains("chartbox-bench-program-seconds=");
        assertThat(Program.programSeconds("hello\nchartbox-bench-program-seconds=0.125\n")).hasValue(0.125);
        assertThat(Program.programSeconds("hello\n")).isEmpty();
    }

    @Test
    void aProgramWithFutureImportsRunsUntimed() {
        var program = new Program("p", "from __future__ import annotations\nprint(1)\n", java.util.Map.of(), "SUCCEEDED");

        assertThat(program.timedCode()).isEqualTo(program.code());
    }
}
