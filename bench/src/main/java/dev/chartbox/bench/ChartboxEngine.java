package dev.chartbox.bench;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.GuestInfo;
import dev.chartbox.sandbox.Limits;
import dev.chartbox.sandbox.SandboxRequest;
import dev.chartbox.sandbox.SandboxResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** The chartbox sandbox in this JVM: each run a fresh instance restored from the pre-imported snapshot. */
final class ChartboxEngine implements AutoCloseable {

    private static final double NANOS = 1e9;

    private final ChicorySandbox sandbox;
    private final double startSeconds;
    private final java.io.PrintStream log;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ChartboxEngine(ChicorySandbox sandbox, double startSeconds, java.io.PrintStream log) {
        this.sandbox = sandbox;
        this.startSeconds = startSeconds;
        this.log = log;
    }

    /**
     * Loads the sandbox as a worker with {@code sandboxes} sandboxes does: as many runs at once, each
     * finding its instance prepared. {@code log} hears why a run ended otherwise than its program expects.
     */
    static ChartboxEngine start(java.io.PrintStream log, int sandboxes) {
        long t0 = System.nanoTime();
        var sandbox = ChicorySandbox.start(sandboxes);
        return new ChartboxEngine(sandbox, (System.nanoTime() - t0) / NANOS, log);
    }

    /** Seconds to load the guest and the snapshot in this JVM: paid once per worker, not per job. */
    double startSeconds() {
        return startSeconds;
    }

    /** Warms the sandbox up as a worker does before it takes jobs. */
    Duration warmUp(int runs) {
        return sandbox.warmUp(runs);
    }

    GuestInfo guest() {
        return sandbox.guest();
    }

    /** The linear memory every instance starts with: the snapshot's. */
    long baselineMemoryBytes() {
        return sandbox.baselineMemoryBytes();
    }

    static SandboxRequest request(Program program) {
        var request = SandboxRequest.of(program.timedCode())
                .withLimits(Limits.defaults().withDeadline(Limits.MAXIMUM.deadline()));
        for (var input : program.inputs().entrySet()) {
            request = request.withFile(input.getKey(), input.getValue());
        }
        return request;
    }

    /**
     * One measured run. Outside the timed window: a GC, so the heap sampled during the run starts
     * from live data only. The heap figures are JVM-wide (the guest runs on a thread of its own).
     */
    Measurement run(Program program, int repetition) {
        var request = request(program);
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        var peak = new AtomicLong(heapBefore);
        var sampler = Thread.ofPlatform().daemon().name("chartbox-bench-heap").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        SandboxResult result;
        try {
            result = sandbox.run(request);
        } finally {
            sampler.interrupt();
        }
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        if (!status(result).equals(program.expectedStatus())) {
            String stderr = result.stderr().text();
            log.printf("  %s on chartbox ended %s: %s%n%s%n", program.name(), status(result),
                    result.error().map(e -> e.type() + ": " + e.message()).orElse(""),
                    stderr.length() > 1200 ? "..." + stderr.substring(stderr.length() - 1200) : stderr);
        }
        var t = result.timings();
        var details = new LinkedHashMap<String, Double>();
        details.put("instantiate", seconds(t.instantiate()));
        details.put("execute", seconds(t.execute()));
        details.put("collect", seconds(t.collect()));
        details.put("allocated_bytes", (double) allocated);
        details.put("guest_allocated_bytes", (double) result.hostAllocatedBytes());
        details.put("heap_peak_bytes", (double) Math.max(0, peak.get() - heapBefore));
        details.put("linear_memory_bytes", (double) sandbox.baselineMemoryBytes());
        Program.programSeconds(result.stdout().text()).ifPresent(v -> details.put(Measurement.PROGRAM_SECONDS, v));
        return new Measurement(program.name(), Engine.CHARTBOX, repetition, seconds(t.total()), status(result),
                result.artifacts().size(), details);
    }

    /** An untimed run, for warm-up. */
    SandboxResult runQuietly(Program program) {
        return sandbox.run(request(program));
    }

    /**
     * Charts per second with K sandboxes running at once in this JVM, each running the program
     * {@code runsEach} times back to back.
     */
    Throughput throughput(Program program, int k, boolean pinned, int runsEach) throws InterruptedException {
        var request = request(program);
        Callable<String> run = () -> status(sandbox.run(request));
        long t0 = System.nanoTime();
        var runs = Throughput.runAtOnce(Collections.nCopies(k, run), runsEach);
        double elapsed = (System.nanoTime() - t0) / NANOS;
        var statuses = new LinkedHashMap<String, Integer>();
        runs.forEach(each -> each.forEach(s -> statuses.merge(s, 1, Integer::sum)));
        return new Throughput(Engine.CHARTBOX.label(), program.name(), k, pinned, k * runsEach, elapsed, statuses);
    }

    private static String status(SandboxResult result) {
        return result.status().name();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / NANOS;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
