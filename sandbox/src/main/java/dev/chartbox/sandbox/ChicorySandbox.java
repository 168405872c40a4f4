package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.chartbox.sandbox.SandboxResult.PythonError;
import dev.chartbox.sandbox.cli.Json;
import dev.chartbox.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The sandbox on Chicory: every run restores a fresh instance of the compiled guest from the
 * pre-imported snapshot, gives it a fresh in-memory file system (beside the guest's library files,
 * shared read-only), runs the program on a thread of its own under a deadline, and drops the
 * instance.
 *
 * <p>Restoring an instance copies the snapshot's memory (86 MiB), tens of milliseconds: a
 * background thread restores the next {@code preparedInstances} ahead of demand, so a run takes
 * one that is ready. Each holds a copy of the snapshot's memory on the heap until a run takes it;
 * each serves exactly one run. With none ready (0 prepared, or runs arriving faster than the
 * thread restores), a run restores its own. A run whose guest has ended hands its memory's array
 * back, and the next restore copies the snapshot into it (zeroing what the run wrote past the
 * snapshot) instead of allocating another: the heap keeps up to {@code concurrentRuns} such arrays
 * between runs, the same arrays it needs while they run.
 */
public final class ChicorySandbox implements Sandbox {

    /** Files and directories one run may create (each open-for-create counts). */
    static final int MAX_FILES_CREATED = 4096;

    /** File-system space for temporary files, on top of the artifacts' own cap. */
    static final long SCRATCH_BYTES = 64L << 20;

    /** Room the guest needs beyond the snapshot's memory to run anything at all. */
    static final long MIN_MEMORY_HEADROOM = 32L << 20;

    /**
     * The most a run may take past its deadline: the guest is interrupted at the deadline and gets
     * {@link GuestThreads#STOP_GRACE} to stop; a run that ended in time collects its images until
     * the deadline plus this.
     */
    static final Duration DEADLINE_GRACE = Duration.ofMillis(900);

    private static final String RUN_JOB = "import _chartbox\n_chartbox.run_job()\n";

    /**
     * Instances {@link #start()} restores ahead of demand: one, so a run arriving after the last
     * one began finds its instance ready. Each costs a copy of the snapshot's memory on the heap
     * ({@link #baselineMemoryBytes()}, ~86 MiB); set it to the runs expected at once.
     */
    public static final int DEFAULT_PREPARED_INSTANCES = 1;

    private final Guest guest;
    private final Snapshot snapshot;
    private final GuestInfo info;
    private final PreparedPool<SnapshotMemory> prepared;
    /**
     * The memory arrays of ended runs, restored into instead of new ones. A run's memory is a single
     * array of ~200 MiB: allocated anew per run, it was copied out of the young generation by the next
     * collection (6 such copies made 2.7 s of pauses in 15 runs); kept, it stays in the old one.
     */
    private final BlockingQueue<SnapshotMemory.Spare> spares;
    private final GuestThreads threads;

    private ChicorySandbox(Guest guest, Snapshot snapshot, int concurrentRuns, int preparedInstances) {
        this.guest = guest;
        this.snapshot = snapshot;
        this.info = new GuestInfo(guest.name(), guest.version(), guest.wasmSha256(), snapshot.key(),
                guest.interpretedFunctions);
        this.spares = new ArrayBlockingQueue<>(concurrentRuns);
        this.prepared = new PreparedPool<>("chartbox-prepare-instance", preparedInstances,
                () -> new SnapshotMemory(snapshot, spares.poll()));
        this.threads = new GuestThreads(concurrentRuns);
    }

    /**
     * A sandbox starting every run from the snapshot the build put on the classpath: as many runs at
     * once as there are processors, {@value #DEFAULT_PREPARED_INSTANCES} instance prepared.
     */
    public static ChicorySandbox start() {
        return start(Runtime.getRuntime().availableProcessors(), DEFAULT_PREPARED_INSTANCES);
    }

    /**
     * A sandbox starting every run from the snapshot the build put on the classpath, sized for
     * {@code concurrentRuns} runs at once, each finding its instance prepared.
     */
    public static ChicorySandbox start(int concurrentRuns) {
        return start(concurrentRuns, concurrentRuns);
    }

    /**
     * A sandbox starting every run from the snapshot the build put on the classpath.
     *
     * @param concurrentRuns    runs at once; more wait for a slot. A guest thread that outlives its
     *                          run (see {@link #runawayThreads()}) keeps its slot until it ends
     * @param preparedInstances instances to keep restored ahead of demand, each holding a copy of
     *                          the snapshot's memory (~86 MiB of heap); 0: every run restores its own
     */
    public static ChicorySandbox start(int concurrentRuns, int preparedInstances) {
        var guest = Background.start("chartbox-load-guest", Guest::load); // while this thread inflates the snapshot
        try (InputStream in = ChicorySandbox.class.getResourceAsStream(SnapshotMaker.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + SnapshotMaker.RESOURCE + " on the classpath: build the sandbox module");
            }
            return start(guest.join(), Snapshot.readFrom(in), concurrentRuns, preparedInstances);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot", e);
        }
    }

    /** A sandbox starting every run from the given snapshot file, {@value #DEFAULT_PREPARED_INSTANCES} instance prepared. */
    public static ChicorySandbox start(Path snapshotFile) throws IOException {
        var guest = Background.start("chartbox-load-guest", Guest::load);
        try (InputStream in = Files.newInputStream(snapshotFile)) {
            return start(guest.join(), Snapshot.readFrom(in), Runtime.getRuntime().availableProcessors(), DEFAULT_PREPARED_INSTANCES);
        }
    }

    private static ChicorySandbox start(Guest guest, Snapshot snapshot, int concurrentRuns, int preparedInstances) {
        String expected = SnapshotMaker.key(guest);
        if (!snapshot.key().equals(expected)) {
            throw new IllegalStateException("the snapshot " + snapshot.key() + " was made from another guest or driver than "
                    + expected + ": rebuild the sandbox module");
        }
        return new ChicorySandbox(guest, snapshot, concurrentRuns, preparedInstances);
    }

    /**
     * The warm-up programs, in the order {@link #warmUp} runs them: common matplotlib, pandas, seaborn
     * and scipy paths, then plain Python's (the loops, objects and strings a program makes its data
     * with), then the rest of the grammar and of the builtin types (so a program's compile and its
     * plain Python do not take paths C2 compiled away), so that HotSpot has compiled what a model's
     * chart most likely runs before the first job. None is a program of the tests or the benchmark.
     */
    public static final List<String> WARM_UP_CHARTS = List.of("bars_and_lines.py", "scatter_and_images.py",
            "dates_and_frames.py", "distributions.py", "seaborn_and_stats.py", "plain_python.py", "python_idioms.py");

    /**
     * Runs {@code runs} warm-up charts, taking {@link #WARM_UP_CHARTS} in turn, so HotSpot has
     * compiled the guest's hot code before the first real job: a cold JVM interprets the guest's JVM
     * bytecode until it is hot, and a chart whose paths no earlier chart took runs several times
     * slower than its second run. Call it before taking work.
     *
     * @return how long the warm-up took
     * @throws IllegalStateException when a warm-up chart does not succeed: such a sandbox must not take work
     */
    public Duration warmUp(int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            if (!warmUpChart(i)) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the warm-up");
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Runs warm-up chart number {@code n} (of {@link #WARM_UP_CHARTS}, taken in turn), unless the
     * calling thread is interrupted before it ends: then the chart stops within milliseconds,
     * wherever it was, and the interrupt is consumed. So a worker can warm up while it has nothing
     * else to do, and yield at once to a job.
     *
     * @return true when the chart ran to its end; false when it was interrupted
     * @throws IllegalStateException when the chart did not succeed for another reason
     */
    public boolean warmUpChart(int n) {
        String name = WARM_UP_CHARTS.get(n % WARM_UP_CHARTS.size());
        String program = new String(SnapshotMaker.resource("warm-up/" + name), StandardCharsets.UTF_8);
        var result = run(SandboxRequest.of(program).withLimits(Limits.defaults().withDeadline(Limits.MAXIMUM.deadline())));
        if (result.status() == Status.SUCCEEDED) {
            return true;
        }
        if (Thread.interrupted()) {
            return false;
        }
        throw new IllegalStateException("the warm-up chart " + name + " failed: " + result.status() + " " + result.error());
    }

    /**
     * What a job can use, as a JSON document: the guest, the Python version, every package with its
     * version (read inside the guest, so it is what a job sees). Runs a small program: call it once.
     */
    public String describeRuntime() {
        String program = new String(SnapshotMaker.resource("runtime_description.py"), StandardCharsets.UTF_8);
        var result = run(SandboxRequest.of("GUEST_NAME = " + Json.write(info.name()) + "\nGUEST_VERSION = "
                + Json.write(info.version()) + "\n" + program).withLimits(Limits.defaults().withDeadline(Limits.MAXIMUM.deadline())));
        if (result.status() != Status.SUCCEEDED) {
            throw new IllegalStateException("describing the runtime failed: " + result.status() + " " + result.error());
        }
        return result.stdout().text();
    }

    @Override
    public GuestInfo guest() {
        return info;
    }

    /** Linear memory every run starts with: the snapshot's. */
    public long baselineMemoryBytes() {
        return snapshot.memoryBytes();
    }

    /** Instances this sandbox keeps restored ahead of demand. */
    public int preparedInstances() {
        return prepared.size();
    }

    /**
     * {@inheritDoc} Interrupted at the deadline, not stopped within {@link GuestThreads#STOP_GRACE};
     * each keeps its memory too. A number above 0 for long means a host call that does not return.
     */
    @Override
    public int runawayThreads() {
        return threads.runaways();
    }

    /** The pool of prepared memories, for tests. */
    PreparedPool<SnapshotMemory> preparedPool() {
        return prepared;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The run ends within its deadline plus {@link #DEADLINE_GRACE}, counted from the moment it
     * has a slot: the deadline covers the program and the restore of its instance (milliseconds);
     * the grace covers stopping the guest, or collecting the images of a program that ended in time.
     */
    @Override
    public SandboxResult run(SandboxRequest request) {
        Limits limits = request.limits().validate();
        long minimum = snapshot.memoryBytes() + MIN_MEMORY_HEADROOM;
        if (limits.memoryBytes() < minimum) {
            throw new IllegalArgumentException("memoryBytes = " + limits.memoryBytes() + " is below the guest's minimum of " + minimum);
        }
        var stdout = new CappedOutput(limits.stdoutBytes());
        var stderr = new CappedOutput(limits.stderrBytes());
        long start = System.nanoTime();
        try (var slot = threads.take()) {
            start = System.nanoTime();
            long deadlineAt = start + limits.deadline().toNanos();
            try (var fs = GuestFileSystem.create(guest, limits.maxOutputBytes() + SCRATCH_BYTES)) {
                fs.write(GuestFileSystem.WORK + "/main.py", request.code().getBytes(StandardCharsets.UTF_8));
                request.files().forEach((name, content) -> fs.write(GuestFileSystem.WORK + "/" + name, content));
                fs.write(GuestFileSystem.CONTROL + "/deadline_seconds", // the driver reads no chart data late in the run
                        String.valueOf(limits.deadline().toMillis() / 1000.0).getBytes(StandardCharsets.UTF_8));
                fs.write(GuestFileSystem.CONTROL + "/formats", request.formats().stream()
                        .map(f -> f.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(" "))
                        .getBytes(StandardCharsets.UTF_8));
                try (var memory = prepared.take();
                        var instance = GuestInstance.builder(guest, fs)
                                .stdout(stdout)
                                .stderr(stderr)
                                .restoring(memory.item())
                                .memoryCap(limits.memoryBytes())
                                .maxFilesCreated(MAX_FILES_CREATED)
                                .build()) {
                    long ready = System.nanoTime();
                    memory.release(); // the next instance is restored from now on, while this one runs
                    var ending = slot.run(() -> instance.turn(RUN_JOB), Duration.ofNanos(deadlineAt - ready));
                    long executed = System.nanoTime();
                    long memoryBytes = (long) instance.memory().pages() * Memory.PAGE_SIZE;
                    var outcome = Outcome.of(ending, instance, fs, limits, guest);
                    var artifacts = ending.timedOut() ? Artifacts.NONE
                            : Artifacts.collect(fs, request.files(), outcome.rendered(), limits,
                                    deadlineAt + DEADLINE_GRACE.toNanos());
                    long collected = System.nanoTime();
                    Status status = outcome.status();
                    Optional<PythonError> error = outcome.error();
                    if (status == Status.SUCCEEDED && artifacts.limit().isPresent()) {
                        status = artifacts.limit().get();
                        error = Optional.of(new PythonError(status == Status.TIMED_OUT ? "TimeoutError" : "OutputLimitExceeded",
                                artifacts.reason(), ""));
                    }
                    var display = status == Status.SUCCEEDED ? LastValueReport.read(fs, artifacts) : Optional.<SandboxResult.Display>empty();
                    if (!ending.stillRunning()) { // nothing can write to the memory any more: its array can hold the next run
                        memory.item().surrender().ifPresent(spares::offer);
                    }
                    return new SandboxResult(status, outcome.exitCode(), stdout.captured(), stderr.captured(), error,
                            artifacts.kept(), new Timings(Duration.ofNanos(ready - start), Duration.ofNanos(executed - ready),
                                    Duration.ofNanos(collected - executed), Duration.ofNanos(System.nanoTime() - start)),
                            memoryBytes, ending.allocatedBytes(), display);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return internalError(e, stdout, stderr, start);
        } catch (RuntimeException | Error e) {
            return internalError(e, stdout, stderr, start);
        }
    }

    private static SandboxResult internalError(Throwable e, CappedOutput stdout, CappedOutput stderr, long start) {
        var total = Duration.ofNanos(System.nanoTime() - start);
        return new SandboxResult(Status.INTERNAL_ERROR, -1, stdout.captured(), stderr.captured(),
                Optional.of(new PythonError("InternalError", String.valueOf(e), "")), List.of(),
                new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, total), 0, -1);
    }

    /** What the run amounted to, before its artifacts are counted. */
    private record Outcome(Status status, int exitCode, Optional<PythonError> error, List<String> rendered) {

        static Outcome of(GuestThreads.Ending ending, GuestInstance instance, GuestFileSystem fs, Limits limits, Guest guest) {
            if (ending.timedOut()) {
                return limit(Status.TIMED_OUT, "TimeoutError", "the program ran past its deadline of " + seconds(limits.deadline()));
            }
            Throwable thrown = ending.thrown();
            var report = DriverReport.read(fs);
            int exitCode;
            Optional<PythonError> error = report.error();
            if (thrown instanceof WasiExitException exit) {
                exitCode = exit.exitCode();
            } else if (thrown instanceof ChicoryInterruptedException) {
                return limit(Status.TIMED_OUT, "TimeoutError", "the program was interrupted");
            } else if (thrown != null) {
                exitCode = -1;
                error = Optional.of(GuestCrash.describe(thrown, guest.module)
                        .orElseThrow(() -> new IllegalStateException("the guest's JVM thread failed", thrown)));
            } else {
                exitCode = report.exitCode().orElse(ending.status() == 0 ? 1 : ending.status());
            }
            boolean outOfMemory = instance.memoryGrowRefused() || error.map(e -> e.type().equals("MemoryError")).orElse(false);
            if (exitCode != 0 && outOfMemory) {
                return new Outcome(Status.MEMORY_EXCEEDED, exitCode, Optional.of(new PythonError("MemoryError",
                        "the program needed more than its memory limit of " + (limits.memoryBytes() >> 20) + " MiB",
                        error.map(PythonError::traceback).orElse(""))), List.of());
            }
            if (exitCode != 0 && (instance.fileSystemLimitHit() || fs.full())) {
                return new Outcome(Status.OUTPUT_LIMIT_EXCEEDED, exitCode, Optional.of(new PythonError("OutputLimitExceeded",
                        "the program filled its file system (at most " + MAX_FILES_CREATED + " files, "
                                + ((limits.maxOutputBytes() + SCRATCH_BYTES) >> 20) + " MiB)",
                        error.map(PythonError::traceback).orElse(""))), List.of());
            }
            if (exitCode != 0 && error.isEmpty() && report.exitCode().isEmpty() && !(thrown instanceof WasiExitException)) {
                error = Optional.of(new PythonError("SystemError", "the program ended the interpreter before chartbox's driver finished", ""));
            }
            return new Outcome(exitCode == 0 ? Status.SUCCEEDED : Status.FAILED, exitCode, error, report.rendered());
        }

        private static Outcome limit(Status status, String type, String message) {
            return new Outcome(status, -1, Optional.of(new PythonError(type, message, "")), List.of());
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
        }
    }

    /** How the guest-side driver says the run ended, read from its control files with caps. */
    private record DriverReport(Optional<Integer> exitCode, Optional<PythonError> error, List<String> rendered) {

        private static final int MAX_TYPE_BYTES = 1024;
        private static final int MAX_MESSAGE_BYTES = 16 * 1024;
        private static final int MAX_TRACEBACK_BYTES = 64 * 1024;
        private static final int MAX_RENDERED_BYTES = 64 * 1024;

        static DriverReport read(GuestFileSystem fs) {
            Optional<Integer> exitCode = ControlFiles.text(fs, "exit_code", 32).map(String::trim).flatMap(DriverReport::parseInt);
            Optional<PythonError> error = ControlFiles.text(fs, "error_type", MAX_TYPE_BYTES).map(type -> new PythonError(type,
                    ControlFiles.text(fs, "error_message", MAX_MESSAGE_BYTES).orElse(""),
                    ControlFiles.text(fs, "error_traceback", MAX_TRACEBACK_BYTES).orElse("")));
            return new DriverReport(exitCode, error, ControlFiles.lines(fs, "rendered", MAX_RENDERED_BYTES));
        }

        private static Optional<Integer> parseInt(String s) {
            try {
                return Optional.of(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Stops restoring instances ahead of demand and drops the ones prepared. Runs under way finish;
     * later runs still work, each restoring its own instance.
     */
    @Override
    public void close() {
        prepared.close();
        spares.clear();
    }

    @Override
    public String toString() {
        return "ChicorySandbox[" + info.name() + " " + info.version() + ", snapshot " + info.snapshotSha256() + "]";
    }
}
