package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsRunTheSandboxCorpusOnEveryEngineThreeTimes() {
        var options = BenchOptions.parse(new String[0], ROOT);

        assertThat(options.programs()).isEqualTo(ROOT.resolve("sandbox/src/test/resources/corpus"));
        assertThat(options.repeat()).isEqualTo(3);
        assertThat(options.engines()).containsExactly(Engine.values());
        assertThat(options.concurrency()).containsExactly(1, 2);
        assertThat(options.json()).isEmpty();
        assertThat(options.plot()).isEmpty();
    }

    @Test
    void aFamilyNameSelectsBothItsWarmAndColdEngines() {
        var options = BenchOptions.parse(new String[] {"--engines", "chartbox,native"}, ROOT);

        assertThat(options.engines()).containsExactly(Engine.CHARTBOX, Engine.NATIVE_WARM, Engine.NATIVE_COLD);
    }

    @Test
    void chartboxNamesTheSteadyEngineAndChartboxUnseenTheFreshJvmOne() {
        var options = BenchOptions.parse(new String[] {"--engines", "chartbox,chartbox-unseen", "--unseen-repeat", "2",
                "--worker-warmup", "0"}, ROOT);

        assertThat(options.engines()).containsExactly(Engine.CHARTBOX, Engine.CHARTBOX_UNSEEN);
        assertThat(options.unseenRepeat()).isEqualTo(2);
        assertThat(options.workerWarmup()).isZero();
        assertThat(BenchOptions.parse(new String[0], ROOT).workerWarmup()).as("as a worker that has done its idle warm-up, by default")
                .isEqualTo(80);
    }

    @Test
    void chartboxCliNamesTheCommandLineEngineWhichLikeTheUnseenOneRunsOnlyInTheFirstRepetitions() {
        var options = BenchOptions.parse(new String[] {"--engines", "chartbox-cli", "--unseen-repeat", "1"}, ROOT);

        assertThat(options.engines()).containsExactly(Engine.CHARTBOX_CLI);
        assertThat(Engine.CHARTBOX_CLI.freshJvmPerRun()).isTrue();
        assertThat(Engine.CHARTBOX_UNSEEN.freshJvmPerRun()).isTrue();
        assertThat(Engine.CHARTBOX.freshJvmPerRun()).isFalse();
    }

    @Test
    void aSingleEngineCanBeNamedByItsLabel() {
        var options = BenchOptions.parse(new String[] {"--engines", "wasmtime-warm"}, ROOT);

        assertThat(options.engines()).containsExactly(Engine.WASMTIME_WARM);
    }

    @Test
    void thePlotIsDrawnBesideTheJsonUnlessNamed() {
        var options = BenchOptions.parse(new String[] {"--json", "target/bench.json"}, ROOT);

        assertThat(options.plot()).contains(Path.of("target/bench.png"));
    }

    @Test
    void concurrencyZeroSkipsTheThroughputMeasurement() {
        var options = BenchOptions.parse(new String[] {"--concurrency", "0"}, ROOT);

        assertThat(options.concurrency()).isEmpty();
    }

    @Test
    void eachSandboxRunsTheRepeatCountInAConcurrencyPhaseUnlessTold() {
        assertThat(BenchOptions.parse(new String[] {"--repeat", "5"}, ROOT).concurrencyRuns()).isEmpty();
        assertThat(BenchOptions.parse(new String[] {"--concurrency-runs", "12"}, ROOT).concurrencyRuns()).contains(12);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--concurrency-runs", "0"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--concurrency-runs");
    }

    @Test
    void anUnknownEngineIsRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--engines", "pyodide"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pyodide");
    }

    @Test
    void aRepeatBelowOneIsRefused() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--repeat", "0"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--repeat");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--json"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--json needs a value");
    }

    @Test
    void onlyNamesTheProgramsToRunWithOrWithoutTheirSuffix() {
        var options = BenchOptions.parse(new String[] {"--only", "bar_chart, heatmap.py"}, ROOT);

        assertThat(options.only()).containsExactly("bar_chart", "heatmap");
    }
}
