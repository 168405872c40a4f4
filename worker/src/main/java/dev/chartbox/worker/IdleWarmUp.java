package dev.chartbox.worker;

import dev.chartbox.sandbox.ChicorySandbox;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Goes on warming the sandbox up after the worker is ready, while it has no job. HotSpot compiles
 * the guest's lukewarm paths only after many runs: a chart the worker has not seen ran 923 ms after
 * the 5 warm-up charts readiness waits for and 499 ms after 20 (docs/notes/speed.md), and
 * readiness should not wait that long. One warm-up chart at a time, once no job has run for
 * {@link #QUIET}; a job that starts interrupts the chart in progress, which stops within
 * milliseconds, so warming never holds a job up. Several workers in one JVM each warm while they
 * have no job.
 */
public class IdleWarmUp implements AutoCloseable {

    /** How long no job must have run before a warm-up chart starts: jobs that come in a stream are not interleaved with charts. */
    static final Duration QUIET = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(IdleWarmUp.class);

    private final ChicorySandbox sandbox;
    private final int runs;
    private final int firstChart;
    private final WorkerMetrics metrics;

    private final Object lock = new Object();
    private int jobsRunning;
    private long lastJobEndedAt = System.nanoTime() - QUIET.toNanos();
    private boolean warming;
    private boolean closed;
    private Thread thread;
    private int completed;

    /**
     * @param runs       warm-up charts to run while idle, in all
     * @param firstChart the warm-up chart to start from (the readiness warm-up ran those before it)
     */
    public IdleWarmUp(ChicorySandbox sandbox, int runs, int firstChart, WorkerMetrics metrics) {
        this.sandbox = sandbox;
        this.runs = runs;
        this.firstChart = firstChart;
        this.metrics = metrics;
    }

    /** No warming: for a sandbox that is not Chicory's (a test's stand-in). */
    static IdleWarmUp none(WorkerMetrics metrics) {
        return new IdleWarmUp(null, 0, 0, metrics);
    }

    /** A job starts: stops the warm-up chart in progress, and starts none until jobs have been quiet again. */
    public void jobStarted() {
        synchronized (lock) {
            jobsRunning++;
            if (warming) {
                thread.interrupt();
            }
        }
    }

    public void jobEnded() {
        synchronized (lock) {
            jobsRunning--;
            lastJobEndedAt = System.nanoTime();
            lock.notifyAll();
        }
    }

    /** Starts warming in the background, if there are runs left to do. */
    public void start() {
        synchronized (lock) {
            if (runs > 0 && thread == null && !closed) {
                thread = Thread.ofPlatform().daemon().name("chartbox-idle-warm-up").start(this::warmWhileIdle);
            }
        }
    }

    private void warmWhileIdle() {
        try {
            while (completed < runs) {
                awaitQuiet();
                boolean ranToItsEnd;
                try {
                    ranToItsEnd = sandbox.warmUpChart(firstChart + completed);
                } finally {
                    synchronized (lock) {
                        warming = false;
                        Thread.interrupted(); // a job's interrupt that came after the chart ended
                    }
                }
                if (ranToItsEnd) {
                    completed++;
                }
                metrics.idleWarmUpRun(ranToItsEnd);
            }
            log.info("idle warm-up done: {} charts", runs);
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            // The worker already serves jobs: a failing warm-up chart should not stop it, only the warming.
            log.warn("idle warm-up stopped", e);
        }
    }

    /** Waits until no job runs and none has for {@link #QUIET}, then marks a warm-up chart as running. */
    private void awaitQuiet() throws InterruptedException {
        synchronized (lock) {
            while (true) {
                if (closed) {
                    throw new InterruptedException("closed");
                }
                long quietFor = System.nanoTime() - lastJobEndedAt;
                if (jobsRunning == 0 && quietFor >= QUIET.toNanos()) {
                    warming = true;
                    return;
                }
                lock.wait(jobsRunning > 0 ? 0 : Math.max(1, (QUIET.toNanos() - quietFor) / 1_000_000));
            }
        }
    }

    /** Whether a warm-up chart is running now. */
    boolean warming() {
        synchronized (lock) {
            return warming;
        }
    }

    /** Stops warming: the chart in progress stops within milliseconds. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = thread;
            lock.notifyAll();
            if (running != null) {
                running.interrupt();
            }
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
