package dev.chartbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/** Turns a benchmark's measurements into Markdown tables and a JSON document. */
final class Report {

    private static final double MIB = 1024.0 * 1024.0;

    private final Benchmark.Result result;
    private final List<Engine> engines;
    private final String command;

    Report(Benchmark.Result result, List<Engine> engines, String command) {
        this.result = result;
        this.engines = engines.stream().sorted().toList();
        this.command = command;
    }

    /** The engines chartbox is compared with, in table order. */
    private List<Engine> others() {
        return engines.stream().filter(e -> !e.family().equals("chartbox")).toList();
    }

    /** Whether the table shows a program's first run in a fresh worker against its steady runs. */
    private boolean unseenRatio() {
        return engines.contains(Engine.CHARTBOX) && engines.contains(Engine.CHARTBOX_UNSEEN);
    }

    private List<Measurement> of(String program, Engine engine) {
        return result.measurements().stream().filter(m -> m.program().equals(program) && m.engine() == engine).toList();
    }

    private static List<Double> seconds(List<Measurement> ms) {
        return ms.stream().map(Measurement::seconds).toList();
    }

    private static List<Double> detail(List<Measurement> ms, String key) {
        return ms.stream().map(m -> m.details().get(key)).filter(Objects::nonNull).toList();
    }

    /** What a table compares: the run's wall time, or the program's own time measured inside it. */
    enum Metric {
        WALL, PROGRAM;

        List<Double> values(List<Measurement> ms) {
            return this == WALL ? seconds(ms) : detail(ms, Measurement.PROGRAM_SECONDS);
        }
    }

    private OptionalDouble median(String program, Engine engine, Metric metric) {
        var values = metric.values(of(program, engine));
        return values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(values));
    }

    /** chartbox's median over the other engine's, per program; empty when either has no value. */
    OptionalDouble ratio(String program, Engine other, Metric metric) {
        return ratio(program, Engine.CHARTBOX, other, metric);
    }

    /** chartbox-unseen's median over chartbox's (steady), per program. */
    OptionalDouble unseenRatio(String program, Metric metric) {
        return ratio(program, Engine.CHARTBOX_UNSEEN, Engine.CHARTBOX, metric);
    }

    private OptionalDouble ratio(String program, Engine engine, Engine other, Metric metric) {
        var chartbox = median(program, engine, metric);
        var base = median(program, other, metric);
        return chartbox.isPresent() && base.isPresent() && base.getAsDouble() > 0
                ? OptionalDouble.of(chartbox.getAsDouble() / base.getAsDouble())
                : OptionalDouble.empty();
    }

    OptionalDouble geometricMeanRatio(Engine other, Metric metric) {
        var ratios = new ArrayList<Double>();
        for (Program p : result.programs()) {
            ratio(p.name(), other, metric).ifPresent(ratios::add);
        }
        return Stats.geometricMean(ratios);
    }

    OptionalDouble geometricMeanUnseenRatio(Metric metric) {
        var ratios = new ArrayList<Double>();
        for (Program p : result.programs()) {
            unseenRatio(p.name(), metric).ifPresent(ratios::add);
        }
        return Stats.geometricMean(ratios);
    }

    private boolean allAsExpected(Program program, Engine engine) {
        return of(program.name(), engine).stream().allMatch(m -> m.status().equals(program.expectedStatus()));
    }

    /** The Markdown report printed at the end of a run. */
    String markdown() {
        var out = new StringBuilder();
        var env = result.environment();
        out.append("Command: `").append(command).append("`  \n");
        out.append("Run: ").append(env.get("started")).append(", ").append(env.get("cpus")).append(" CPUs, load average ")
                .append(fmt(env.get("load_average_start"))).append(" at the start and ").append(fmt(env.get("load_average_end")))
                .append(" at the end; JVM ").append(env.get("jvm")).append(".  \n");
        if (env.containsKey("native")) {
            out.append("native: ").append(env.get("native")).append("  \n");
        }
        if (env.containsKey("wasmtime")) {
            out.append("wasmtime: ").append(env.get("wasmtime")).append("  \n");
        }
        if (env.get("chartbox") instanceof Map<?, ?> cb) {
            out.append("chartbox: guest wasm sha256 ").append(cb.get("wasm_sha256"));
            if (env.get("guest") instanceof Map<?, ?> g && g.get("python-split.wasm.sha256") != null) {
                out.append(" (the build's split guest: ").append(g.get("python-split.wasm.sha256")).append(')');
            }
            out.append(", interpreted functions ").append(cb.get("interpreted_functions")).append("  \n");
        }
        out.append('\n');

        int reps = result.measurements().stream().mapToInt(Measurement::repetition).max().orElse(0);
        out.append("Seconds per program, median (p90) of ").append(reps).append(" interleaved run(s):\n\n");
        boolean mismatch = timeTable(out, Metric.WALL);
        if (mismatch) {
            out.append("\n`!`: some run of this program on this engine did not end as the program expects (see the log above).\n");
        }
        out.append("""

                chartbox: a fresh sandbox per run, restored from the pre-imported snapshot (request to artifacts in hand), \
                in a JVM that has run the worker's warm-up charts and every program before ("steady"). chartbox-unseen: the same, \
                timed the same way, but each run in a fresh JVM that first ran only the worker's warm-up charts, so the program is \
                code it has not seen \
                ("unseen": what a user's first chart gets). chartbox-cli: `bin/chartbox sandbox run` of the program, the whole \
                process timed (JVM and sandbox start, a JIT that has compiled nothing yet). \
                wasmtime-warm / native-warm: a fresh wasmtime session / forked native process that ran chartbox's snapshot prelude \
                (untimed), then chartbox's driver on the program (timed): the same imports excluded as in chartbox. \
                wasmtime-cold: the wheel's `run()` on its python-snapshot.wasm (stdlib bootstrap only), so numpy, pandas and \
                matplotlib imports are inside its time. native-cold: `python harness.py`, a new process per run.
                """);

        if (result.measurements().stream().anyMatch(m -> m.details().containsKey(Measurement.PROGRAM_SECONDS))) {
            out.append("\nThe program's own seconds, measured inside the guest with time.perf_counter around its code, "
                    + "median (p90): interpreter speed without instance, driver or process costs:\n\n");
            timeTable(out, Metric.PROGRAM);
        }

        if (engines.contains(Engine.CHARTBOX)) {
            out.append("\nchartbox per phase, median over runs (Timings; heap figures are JVM-wide):\n\n");
            var phaseRows = new ArrayList<List<String>>();
            for (Program p : result.programs()) {
                var ms = of(p.name(), Engine.CHARTBOX);
                if (ms.isEmpty()) {
                    continue;
                }
                phaseRows.add(List.of(p.name(), median(detail(ms, "instantiate"), Report::ms), median(detail(ms, "execute"), Report::secs),
                        median(detail(ms, "collect"), Report::ms), secs(Stats.median(seconds(ms))),
                        median(detail(ms, "guest_allocated_bytes"), Report::mib),
                        median(detail(ms, "allocated_bytes"), Report::mib), median(detail(ms, "heap_peak_bytes"), Report::mib)));
            }
            table(out, List.of("program", "instantiate (instance ready)", "execute", "collect", "total",
                    "JVM allocation by the run (MiB)", "JVM allocation during the run, all threads (MiB)", "heap peak above live (MiB)"),
                    phaseRows);
            out.append("\nJVM allocation by the run: on the guest's thread, from the program's start to its end (host calls, "
                    + "memory growth, compiled code's temporaries). All threads: also the next instance's memory restored "
                    + "meanwhile in the background (a copy of the snapshot's) and the collection of artifacts.\n");
        }

        out.append("\nMemory per instance (median over all runs):\n\n");
        var memRows = new ArrayList<List<String>>();
        var all = result.measurements();
        if (result.environment().get("chartbox") instanceof Map<?, ?> cb) {
            memRows.add(List.of("chartbox", "linear memory at start (snapshot)", mib(((Number) cb.get("snapshot_linear_memory_bytes")).doubleValue())));
            var cms = all.stream().filter(m -> m.engine() == Engine.CHARTBOX).toList();
            if (!cms.isEmpty()) {
                memRows.add(List.of("chartbox", "heap peak above live data during a run (upper bound: includes garbage)",
                        median(detail(cms, "heap_peak_bytes"), Report::mib)));
                memRows.add(List.of("chartbox", "JVM bytes allocated by a run (its guest thread)", median(detail(cms, "guest_allocated_bytes"), Report::mib)));
                memRows.add(List.of("chartbox", "JVM bytes allocated during a run, all threads", median(detail(cms, "allocated_bytes"), Report::mib)));
            }
        }
        for (Engine e : others()) {
            var ems = all.stream().filter(m -> m.engine() == e).toList();
            var linear = detail(ems, "linear_memory_bytes");
            if (!linear.isEmpty()) {
                memRows.add(List.of(e.label(), "linear memory after the program", mib(Stats.median(linear))));
            }
            var rss = detail(ems, "maxrss_bytes");
            if (!rss.isEmpty()) {
                memRows.add(List.of(e.label(), "max RSS of the process", mib(Stats.median(rss))));
            }
        }
        table(out, List.of("engine", "what", "MiB"), memRows);

        if (!result.throughput().isEmpty()) {
            out.append("\nthroughput, K at once: chartbox sandboxes in one JVM, wasmtime and native processes (each K in two phases,"
                    + " in the order given and then reversed); cores: every core of the machine free to the engine (\"all\"), or its"
                    + " processes, every thread of them, confined to K cores:\n\n");
            var tRows = new ArrayList<List<String>>();
            var base = new LinkedHashMap<String, Double>();
            int firstK = result.throughput().get(0).k();
            for (var t : result.throughput()) {
                double first = base.computeIfAbsent(t.engine() + " " + t.pinned(), e -> t.chartsPerSecond());
                tRows.add(List.of(String.valueOf(t.k()), t.pinned() ? String.valueOf(t.k()) : "all", t.engine(), t.program(),
                        String.valueOf(t.charts()), secs(t.seconds()), String.format(Locale.ROOT, "%.3f", t.chartsPerSecond()),
                        String.format(Locale.ROOT, "%.2fx", t.chartsPerSecond() / first), t.statuses().toString()));
            }
            table(out, List.of("K", "cores", "engine", "program", "runs", "wall", "charts/s", "speed-up over K=" + firstK, "statuses"), tRows);
        }
        return out.toString();
    }

    /** One row per program, a column per engine and per ratio; returns whether a run ended unexpectedly. */
    private boolean timeTable(StringBuilder out, Metric metric) {
        var header = new ArrayList<String>();
        header.add("program");
        engines.forEach(e -> header.add(e.label()));
        boolean ratios = engines.contains(Engine.CHARTBOX);
        if (ratios) {
            others().forEach(e -> header.add("chartbox / " + e.label()));
        }
        if (unseenRatio()) {
            header.add("unseen / steady");
        }
        var rows = new ArrayList<List<String>>();
        boolean mismatch = false;
        for (Program p : result.programs()) {
            var row = new ArrayList<String>();
            row.add(p.name());
            for (Engine e : engines) {
                var values = metric.values(of(p.name(), e));
                if (values.isEmpty()) {
                    row.add("-");
                    continue;
                }
                String mark = allAsExpected(p, e) ? "" : " !";
                mismatch |= !mark.isEmpty();
                row.add(String.format(Locale.ROOT, "%s (%s)%s", secs(Stats.median(values)), secs(Stats.p90(values)), mark));
            }
            if (ratios) {
                others().forEach(e -> row.add(ratio(p.name(), e, metric).stream().mapToObj(Report::times).findFirst().orElse("-")));
            }
            if (unseenRatio()) {
                row.add(unseenRatio(p.name(), metric).stream().mapToObj(Report::times).findFirst().orElse("-"));
            }
            rows.add(row);
        }
        if (ratios && result.programs().size() > 1) {
            var row = new ArrayList<String>();
            row.add("**geometric mean**");
            for (Engine e : engines) {
                var medians = new ArrayList<Double>();
                result.programs().forEach(p -> median(p.name(), e, metric).ifPresent(medians::add));
                row.add(Stats.geometricMean(medians).stream().mapToObj(Report::secs).findFirst().orElse("-"));
            }
            others().forEach(e -> row.add(geometricMeanRatio(e, metric).stream().mapToObj(v -> "**" + times(v) + "**").findFirst().orElse("-")));
            if (unseenRatio()) {
                row.add(geometricMeanUnseenRatio(metric).stream().mapToObj(v -> "**" + times(v) + "**").findFirst().orElse("-"));
            }
            rows.add(row);
        }
        table(out, header, rows);
        return mismatch;
    }

    /** Every number, for {@code --json}. */
    Map<String, Object> json(BenchOptions options) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("command", command);
        doc.put("options", Map.of("programs", options.programs().toString(), "only", options.only(), "repeat", options.repeat(), "warmup", options.warmup(),
                "engines", engines.stream().map(Engine::label).toList(), "concurrency", options.concurrency(),
                "unseen_repeat", options.unseenRepeat(), "worker_warmup", options.workerWarmup()));
        doc.put("environment", result.environment());
        var programs = new ArrayList<Object>();
        for (Program p : result.programs()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", p.name());
            entry.put("expected_status", p.expectedStatus());
            var byEngine = new LinkedHashMap<String, Object>();
            for (Engine e : engines) {
                var ms = of(p.name(), e);
                if (ms.isEmpty()) {
                    continue;
                }
                var s = new LinkedHashMap<String, Object>();
                var secs = seconds(ms);
                s.put("median", Stats.median(secs));
                s.put("p90", Stats.p90(secs));
                s.put("min", Stats.min(secs));
                s.put("max", Stats.max(secs));
                s.put("samples", secs);
                s.put("statuses", ms.stream().map(Measurement::status).toList());
                s.put("artifacts", ms.stream().map(Measurement::artifacts).toList());
                var details = new LinkedHashMap<String, Object>();
                ms.stream().flatMap(m -> m.details().keySet().stream()).distinct()
                        .forEach(k -> details.put(k, Stats.median(detail(ms, k))));
                s.put("details_median", details);
                byEngine.put(e.label(), s);
            }
            entry.put("engines", byEngine);
            var ratios = new LinkedHashMap<String, Object>();
            others().forEach(e -> ratio(p.name(), e, Metric.WALL).ifPresent(v -> ratios.put("chartbox/" + e.label(), v)));
            unseenRatio(p.name(), Metric.WALL).ifPresent(v -> ratios.put("chartbox-unseen/chartbox", v));
            entry.put("ratios", ratios);
            var programRatios = new LinkedHashMap<String, Object>();
            others().forEach(e -> ratio(p.name(), e, Metric.PROGRAM).ifPresent(v -> programRatios.put("chartbox/" + e.label(), v)));
            entry.put("program_time_ratios", programRatios);
            programs.add(entry);
        }
        doc.put("programs", programs);
        var geo = new LinkedHashMap<String, Object>();
        others().forEach(e -> geometricMeanRatio(e, Metric.WALL).ifPresent(v -> geo.put("chartbox/" + e.label(), v)));
        geometricMeanUnseenRatio(Metric.WALL).ifPresent(v -> geo.put("chartbox-unseen/chartbox", v));
        doc.put("geometric_mean_ratios", geo);
        var programGeo = new LinkedHashMap<String, Object>();
        others().forEach(e -> geometricMeanRatio(e, Metric.PROGRAM).ifPresent(v -> programGeo.put("chartbox/" + e.label(), v)));
        doc.put("geometric_mean_program_time_ratios", programGeo);
        var throughput = new ArrayList<Object>();
        for (var t : result.throughput()) {
            throughput.add(Map.of("engine", t.engine(), "k", t.k(), "pinned", t.pinned(), "program", t.program(), "charts", t.charts(),
                    "seconds", t.seconds(), "charts_per_second", t.chartsPerSecond(), "statuses", t.statuses()));
        }
        doc.put("throughput", throughput);
        var raw = new ArrayList<Object>();
        for (var m : result.measurements()) {
            var r = new LinkedHashMap<String, Object>();
            r.put("program", m.program());
            r.put("engine", m.engine().label());
            r.put("repetition", m.repetition());
            r.put("seconds", m.seconds());
            r.put("status", m.status());
            r.put("artifacts", m.artifacts());
            r.put("details", new LinkedHashMap<>(m.details()));
            raw.add(r);
        }
        doc.put("measurements", raw);
        return doc;
    }

    private static String median(List<Double> values, java.util.function.DoubleFunction<String> format) {
        return values.isEmpty() ? "-" : format.apply(Stats.median(values));
    }

    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (var row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
    }

    static String secs(double s) {
        if (s >= 100) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        return String.format(Locale.ROOT, "%.1f ms", s * 1000);
    }

    static String ms(double s) {
        return String.format(Locale.ROOT, "%.1f ms", s * 1000);
    }

    static String times(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0fx", ratio) : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    private static String fmt(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(value);
    }
}
