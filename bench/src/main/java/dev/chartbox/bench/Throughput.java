package dev.chartbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Charts per second of one engine with K runs at once, each running the program back to back.
 *
 * @param engine   the engine's label
 * @param program  what ran
 * @param k        runs at once: sandboxes in one JVM for chartbox, engine processes for the others
 * @param pinned   whether the engine's processes were confined to K cores ({@link CpuPinning}), or
 *                 could use every core of the machine
 * @param charts   runs finished in all
 * @param seconds  wall time for all of them
 * @param statuses how they ended
 */
record Throughput(String engine, String program, int k, boolean pinned, int charts, double seconds, Map<String, Integer> statuses) {

    double chartsPerSecond() {
        return charts / seconds;
    }

    /** This phase and another of the same engine, K, pinning and program, as one measurement. */
    Throughput plus(Throughput other) {
        var all = new LinkedHashMap<>(statuses);
        other.statuses.forEach((status, n) -> all.merge(status, n, Integer::sum));
        return new Throughput(engine, program, k, pinned, charts + other.charts, seconds + other.seconds, all);
    }

    /**
     * Runs the tasks at once, each on a thread of its own and {@code runsEach} times back to back;
     * returns each task's results, in the tasks' order.
     */
    static <T> List<List<T>> runAtOnce(List<Callable<T>> tasks, int runsEach) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            var futures = new ArrayList<Future<List<T>>>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    var results = new ArrayList<T>();
                    for (int r = 0; r < runsEach; r++) {
                        results.add(task.call());
                    }
                    return results;
                }));
            }
            var all = new ArrayList<List<T>>();
            for (var f : futures) {
                all.add(f.get());
            }
            return all;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a concurrent run failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
