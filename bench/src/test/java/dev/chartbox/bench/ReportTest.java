package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measurement run(String program, Engine engine, int rep, double seconds) {
        return new Measurement(program, engine, rep, seconds, "SUCCEEDED", 1, Map.of());
    }

    private static Report report(List<Measurement> ms, List<Engine> engines) {
        return report(ms, List.of(), engines);
    }

    private static Report report(List<Measurement> ms, List<Throughput> throughput, List<Engine> engines) {
        var programs = List.of(new Program("a", "", Map.of(), "SUCCEEDED"), new Program("b", "", Map.of(), "SUCCEEDED"));
        var result = new Benchmark.Result(programs, ms, throughput, Map.of("started", "now"), null);
        return new Report(result, engines, "bin/chartbox bench");
    }

    @Test
    void ratiosAreChartboxMedianOverTheOtherEnginesMedianPerProgram() {
        var ms = new ArrayList<Measurement>();
        for (int rep = 1; rep <= 3; rep++) {
            ms.add(run("a", Engine.CHARTBOX, rep, 10.0 * rep)); // median 20
            ms.add(run("a", Engine.NATIVE_WARM, rep, 1.0 * rep)); // median 2
            ms.add(run("b", Engine.CHARTBOX, rep, 40.0));
            ms.add(run("b", Engine.NATIVE_WARM, rep, 1.0));
        }
        var report = report(ms, List.of(Engine.CHARTBOX, Engine.NATIVE_WARM));

        assertThat(report.ratio("a", Engine.NATIVE_WARM, Report.Metric.WALL).getAsDouble()).isCloseTo(10.0, within(1e-9));
        assertThat(report.ratio("b", Engine.NATIVE_WARM, Report.Metric.WALL).getAsDouble()).isCloseTo(40.0, within(1e-9));
        assertThat(report.geometricMeanRatio(Engine.NATIVE_WARM, Report.Metric.WALL).getAsDouble()).isCloseTo(20.0, within(1e-9));
        assertThat(report.markdown()).contains("| a | 20.00 s (30.00 s) | 2.00 s (3.00 s) | 10x |");
    }

    @Test
    void anUnseenRunIsComparedWithTheSteadyRunsOfTheSameProgram() {
        var ms = new ArrayList<Measurement>();
        for (int rep = 1; rep <= 3; rep++) {
            ms.add(run("a", Engine.CHARTBOX, rep, 2.0));
            ms.add(run("a", Engine.NATIVE_WARM, rep, 1.0));
        }
        ms.add(run("a", Engine.CHARTBOX_UNSEEN, 1, 5.0));
        var report = report(ms, List.of(Engine.CHARTBOX, Engine.CHARTBOX_UNSEEN, Engine.NATIVE_WARM));

        assertThat(report.unseenRatio("a", Report.Metric.WALL).getAsDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(report.markdown())
                .contains("| program | chartbox | chartbox-unseen | native-warm | chartbox / native-warm | unseen / steady |")
                .contains("| a | 2.00 s (2.00 s) | 5.00 s (5.00 s) | 1.00 s (1.00 s) | 2.00x | 2.50x |")
                .doesNotContain("chartbox / chartbox-unseen");
    }

    @Test
    void noRatioIsGivenWhenChartboxDidNotRun() {
        var report = report(List.of(run("a", Engine.NATIVE_COLD, 1, 1.0)), List.of(Engine.NATIVE_COLD));

        assertThat(report.ratio("a", Engine.NATIVE_COLD, Report.Metric.WALL)).isEmpty();
        assertThat(report.markdown()).doesNotContain("chartbox / ");
    }

    @Test
    void aRunThatEndedOtherwiseThanExpectedIsMarked() {
        var failed = new Measurement("a", Engine.CHARTBOX, 1, 1.0, "FAILED", 0, Map.of("instantiate", 0.001, "execute", 0.9,
                "collect", 0.001, "allocated_bytes", 1.0, "heap_peak_bytes", 1.0));
        var report = report(List.of(failed), List.of(Engine.CHARTBOX));

        assertThat(report.markdown()).contains("1.00 s (1.00 s) !");
    }

    @Test
    void eachEnginesSpeedUpAtKIsOverItsOwnChartsPerSecondAtTheFirstK() {
        var statuses = Map.of("SUCCEEDED", 4);
        var throughput = List.of(
                new Throughput("chartbox", "a", 1, false, 4, 4.0, statuses),
                new Throughput("wasmtime-warm", "a", 1, false, 4, 2.0, statuses),
                new Throughput("chartbox", "a", 2, false, 8, 5.0, statuses),
                new Throughput("wasmtime-warm", "a", 2, false, 8, 2.0, statuses));
        var report = report(List.of(run("a", Engine.CHARTBOX, 1, 1.0)), throughput, List.of(Engine.CHARTBOX, Engine.WASMTIME_WARM));

        assertThat(report.markdown())
                .contains("| 2 | all | chartbox | a | 8 | 5.00 s | 1.600 | 1.60x |")
                .contains("| 2 | all | wasmtime-warm | a | 8 | 2.00 s | 4.000 | 2.00x |");
    }

    @Test
    void aSpeedUpOnKConfinedCoresIsOverTheSameEnginesRateOnItsFirstConfinedK() {
        var statuses = Map.of("SUCCEEDED", 4);
        var throughput = List.of(
                new Throughput("chartbox", "a", 1, false, 4, 1.0, statuses),
                new Throughput("chartbox", "a", 2, false, 8, 1.0, statuses),
                new Throughput("chartbox", "a", 1, true, 4, 2.0, statuses),
                new Throughput("chartbox", "a", 2, true, 8, 2.5, statuses));
        var report = report(List.of(run("a", Engine.CHARTBOX, 1, 1.0)), throughput, List.of(Engine.CHARTBOX));

        assertThat(report.markdown())
                .contains("| 2 | all | chartbox | a | 8 | 1.00 s | 8.000 | 2.00x |")
                .contains("| 1 | 1 | chartbox | a | 4 | 2.00 s | 2.000 | 1.00x |")
                .contains("| 2 | 2 | chartbox | a | 8 | 2.50 s | 3.200 | 1.60x |");
    }
}
