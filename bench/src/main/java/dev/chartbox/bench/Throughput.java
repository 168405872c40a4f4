package dev.chartbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Charts per second of one engine with K runs at once, each running the program back to back.
 *
 * @param engine   the engine's label
 * @param program  what ran
 * @param k        runs at once: sandboxes in one JVM for chartbox, engine processes for the others
 * @param charts   runs finished in all
 * @param seconds  wall time for all of them
 * @param statuses how they ended
 */
record Throughput(String engine, String program, int k, int charts, double seconds, Map<String, Integer> statuses) {

    double chartsPerSecond() {
        return charts / seconds;
    }

    /** This phase and another of the same engine, K and program, as one measurement. */
    Throughput plus(Throughput other) {
        var all = new LinkedHashMap<>(statuses);
        other.statuses.forEach((status, n) -> all.merge(status, n, Integer::sum));
        return new Throughput(engine, program, k, charts + other.charts, seconds + other.seconds, all);
    }
}
