package dev.chartbox.worker;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.schemas.Contract;
import dev.chartbox.schemas.Display;
import dev.chartbox.schemas.WireJson;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The chart data of a run's images and its notebook-style last value, as a result record carries
 * them. Both were written inside the guest, so both are untrusted: chart data is parsed and kept only
 * when it fits chart-data.schema.json, and every part is bounded as JSON text so that a result
 * always fits in one record (docs/notes/pipeline.md, "Records that always fit").
 */
final class NotebookResults {

    /** Chart data one result carries, all artifacts together, as JSON text. Later charts are left out. */
    static final int CHARTS_BYTES = 192 * 1024;
    /** The last value's repr; longer is cut. */
    static final int DISPLAY_TEXT_BYTES = 32 * 1024;
    /** The last value's HTML table; longer is left out (half a table is no table). */
    static final int DISPLAY_HTML_BYTES = 96 * 1024;
    static final int DISPLAY_TYPE_BYTES = 1024;

    private NotebookResults() {}

    /**
     * Chart data by artifact name, for the artifacts with valid chart data, in artifact order while
     * the {@link #CHARTS_BYTES} budget lasts.
     */
    static Map<String, JsonNode> charts(Collection<Artifact> artifacts) {
        var charts = new HashMap<String, JsonNode>();
        long budget = CHARTS_BYTES;
        for (Artifact artifact : artifacts) {
            if (artifact.chart().isEmpty()) {
                continue;
            }
            Optional<JsonNode> chart = parse(artifact.chart().get());
            if (chart.isPresent()) {
                int size = WireJson.write(chart.get()).length; // parse checked that it writes
                if (size > budget) {
                    break;
                }
                budget -= size;
                charts.put(artifact.name(), chart.get());
            }
        }
        return charts;
    }

    /**
     * Chart data that is JSON, fits its schema and writes back (a string of a lone surrogate, say, as
     * a {@code \\ud800} escape, would not), else empty: a broken chart is no chart, never a failed job.
     */
    static Optional<JsonNode> parse(String json) {
        try {
            JsonNode node = WireJson.mapper().readTree(json);
            if (node == null || !Contract.CHART_DATA.violations(node).isEmpty()) {
                return Optional.empty();
            }
            WireJson.write(node);
            return Optional.of(node);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The last value as a result carries it; its figure's artifact only when that artifact was stored. */
    static Optional<Display> display(SandboxResult run, Set<String> storedArtifacts) {
        return run.display().map(d -> new Display(
                nonEmpty(InlineText.head(d.type(), DISPLAY_TYPE_BYTES)).orElse("object"),
                InlineText.head(d.text(), DISPLAY_TEXT_BYTES),
                d.html().filter(html -> InlineText.head(html, DISPLAY_HTML_BYTES).length() == html.length()).orElse(null),
                d.artifact().filter(storedArtifacts::contains).orElse(null)));
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
