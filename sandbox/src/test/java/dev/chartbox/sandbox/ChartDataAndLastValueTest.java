package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Display;
import dev.chartbox.sandbox.SandboxResult.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Beside each image of a matplotlib figure, its chart data; beside the output, the value of the
 * program's last expression, as a notebook shows it. Both come from the real guest, through the
 * driver, and neither can fail a run or push it past its limits.
 */
class ChartDataAndLastValueTest {

    private final ChicorySandbox sandbox = TestSandbox.shared();

    private SandboxResult run(String code) {
        return sandbox.run(SandboxRequest.of(code).withLimits(Limits.defaults().withDeadline(Duration.ofSeconds(120))));
    }

    private static Map<String, Optional<String>> chartsByArtifact(SandboxResult result) {
        return result.artifacts().stream().collect(Collectors.toMap(Artifact::name, Artifact::chart));
    }

    @Test
    void aBarChartsDataHasItsBarHeightsAndLabelsAndAFigureLeftOpenHasItsOwn() {
        var result = run("""
                import matplotlib.pyplot as plt
                fig, ax = plt.subplots()
                ax.bar(["apples", "pears", "plums"], [3, 1, 2])
                ax.set_title("Fruit")
                ax.set_ylabel("Tonnes (t)")
                fig.savefig("fruit.png")
                plt.close(fig)
                plt.figure()
                lines = plt.plot([1, 2, 3], [4, 5, 6], label="growth")
                """);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        var charts = chartsByArtifact(result);
        assertThat(charts.keySet()).containsExactlyInAnyOrder("fruit.png", "figure_1.png");
        assertThat(charts.get("fruit.png")).hasValueSatisfying(json -> assertThat(json)
                .startsWith("{\"type\": \"bar\", \"title\": \"Fruit\"")
                .contains("{\"label\": \"apples\", \"group\": \"Group 0\", \"value\": 3.0}",
                        "{\"label\": \"pears\", \"group\": \"Group 0\", \"value\": 1.0}",
                        "{\"label\": \"plums\", \"group\": \"Group 0\", \"value\": 2.0}",
                        "\"y_label\": \"Tonnes (t)\"", "\"y_unit\": \"t\""));
        assertThat(charts.get("figure_1.png")).hasValueSatisfying(json -> assertThat(json)
                .startsWith("{\"type\": \"line\"")
                .contains("{\"label\": \"growth\", \"points\": [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], \"point_count\": 3}"));
        assertThat(result.display()).isEmpty();
    }

    @Test
    void aProgramEndingInDescribeGivesItsTableAsTextAndHtmlWithoutPrintingIt() {
        var result = run("""
                import pandas as pd
                df = pd.DataFrame({"price": [1.0, 2.0, 3.0, 4.0]})
                print("rows:", len(df))
                df.describe()
                """);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text()).isEqualTo("rows: 4\n");
        assertThat(result.display()).hasValueSatisfying(display -> {
            assertThat(display.type()).isEqualTo("pandas.DataFrame");
            assertThat(display.text()).contains("count", "mean", "2.5").contains("price");
            assertThat(display.html()).hasValueSatisfying(html -> assertThat(html)
                    .startsWith("<table").contains("<th>mean</th>", "<td>2.500000</td>"));
            assertThat(display.artifact()).isEmpty();
        });
    }

    @Test
    void aProgramEndingInAStatementOrInNoneShowsNothingAndItsLastCallRunsOnce() {
        var statement = run("""
                total = sum(range(10))
                """);
        var none = run("""
                total = sum(range(10))
                print(total)
                """);

        assertThat(statement.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(statement.display()).isEmpty();
        assertThat(none.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(none.stdout().text()).isEqualTo("45\n");
        assertThat(none.display()).isEmpty();
    }

    @Test
    void aLastValueThatIsNotValidUnicodeIsShownWithTheBadCharacterReplaced() {
        var result = run("""
                import pandas as pd
                pd.DataFrame({"name": ["ok\\ud800"]})
                """);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.display()).hasValueSatisfying(display -> {
            assertThat(display.text()).contains("ok?");
            assertThat(display.html()).hasValueSatisfying(html -> assertThat(html).contains("<td>ok?</td>"));
        });
    }

    @Test
    void aLastExpressionThatRaisesFailsTheRunWithItsLineInTheTraceback() {
        var result = run("""
                values = {"a": 1}
                values["b"]
                """);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.type()).isEqualTo("KeyError");
            assertThat(error.traceback()).contains("File \"main.py\", line 2, in <module>");
        });
        assertThat(result.display()).isEmpty();
    }

    @Test
    void aFigureAsTheLastValueNamesThePngItWasRenderedAs() {
        var result = sandbox.run(SandboxRequest.of("""
                import matplotlib.pyplot as plt
                fig, ax = plt.subplots()
                ax.plot([1, 2, 3])
                fig
                """).withFormats(java.util.Set.of(ImageFormat.SVG, ImageFormat.PNG))
                .withLimits(Limits.defaults().withDeadline(Duration.ofSeconds(120))));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.display()).map(Display::type).hasValue("matplotlib.figure.Figure");
        assertThat(result.display()).flatMap(Display::artifact).hasValue("figure_1.png");
        assertThat(result.display()).map(Display::text).hasValue("<Figure size 640x480 with 1 Axes>");
    }

    @Test
    void aFigureWithAMillionPointsGivesCappedChartDataWithinTheDeadline() {
        var deadline = Duration.ofSeconds(120);
        var result = sandbox.run(SandboxRequest.of("""
                import numpy as np
                import matplotlib.pyplot as plt
                x = np.arange(1_000_000)
                fig, ax = plt.subplots()
                ax.plot(x, np.sin(x / 1000.0))
                fig.savefig("million.png", dpi=50)
                """).withLimits(Limits.defaults().withDeadline(deadline)));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.timings().total()).isLessThan(deadline.plus(ChicorySandbox.DEADLINE_GRACE));
        String chart = result.artifacts().getFirst().chart().orElseThrow();
        assertThat(chart).contains("\"point_count\": 1000000", "\"truncated\": true");
        assertThat(chart.length()).isLessThan(100_000); // 1,000 points of the million, and the ticks
    }

    @Test
    void aFigureChartboxCannotReadGivesNoChartDataAndTheRunStillSucceeds() {
        var result = run("""
                import matplotlib.pyplot as plt
                fig, ax = plt.subplots()
                ax.bar(["a", "b"], [1, 2])
                fig.get_axes = lambda: 1 / 0   # what the extractor asks first
                fig.savefig("broken.png")
                """);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.artifacts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("broken.png");
            assertThat(a.chart()).isEmpty();
        });
    }

    @Test
    void chartDataTheProgramForgesIsReadWithinItsCap() {
        var result = run("""
                import _chartbox
                import matplotlib.pyplot as plt
                plt.plot([1, 2])
                plt.savefig("forged.png")
                _chartbox._write_charts = lambda: None   # the driver's own index is never written
                open("/.chartbox/charts", "w").write("forged.png\\n")
                open("/.chartbox/chart_0.json", "w").write("[" * (2 << 20))
                """);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.artifacts()).singleElement().satisfies(a -> assertThat(a.chart()).isEmpty());
    }
}
