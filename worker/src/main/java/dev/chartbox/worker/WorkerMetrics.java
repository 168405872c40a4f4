package dev.chartbox.worker;

import dev.chartbox.sandbox.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters. Names are Micrometer's dotted form; the Prometheus registry renders them
 * as {@code chartbox_jobs_finished_total}, {@code chartbox_job_duration_seconds} and so on
 * (docs/notes/pipeline.md lists them). No job id is ever a tag.
 */
public class WorkerMetrics {

    /** The phases of {@code chartbox_job_phase_seconds}. */
    public enum Phase {
        QUEUE_WAIT, INSTANTIATE, EXECUTE, UPLOAD, PUBLISH;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Duration[] SLO_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofSeconds(60),
        // A job may run for up to 5 minutes and wait in the queue before: the tail must stay visible.
        Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(600)
    };

    private static final long MIB = 1L << 20;

    /** Guest memory buckets: the snapshot alone is ~90 MiB; jobs may ask for up to 2 GiB. */
    private static final double[] MEMORY_BUCKETS = {
        128 * MIB, 192 * MIB, 256 * MIB, 384 * MIB, 512 * MIB, 768 * MIB, 1024 * MIB, 1536 * MIB, 2048 * MIB
    };

    /** Final statuses a worker publishes, registered at 0 so rates and alerts see a series from the start. */
    static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "MEMORY_EXCEEDED",
            "OUTPUT_LIMIT_EXCEEDED", "REJECTED", "INTERNAL_ERROR");

    /** Dead-letter reasons, likewise registered at 0 (the dead-letter alert takes an increase of them). */
    static final List<String> DEAD_LETTER_REASONS = List.of("unreadable", "retries_exhausted", FatalJobException.STOPPED_WORKER,
            FatalJobException.INVALID_RESULT);

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final int capacity;
    private final Timer jobDuration;
    private final DistributionSummary sandboxMemory;
    private final Counter artifacts;
    private final Counter artifactBytes;
    private final AtomicLong warmUpNanos = new AtomicLong();
    private final Counter idleWarmUpCompleted;
    private final Counter idleWarmUpYielded;

    /** Gauges read from the sandbox itself. */
    public void watch(Sandbox sandbox) {
        Gauge.builder("chartbox.sandbox.runaway.threads", sandbox, Sandbox::runawayThreads)
                .description("guest threads still running after their run returned at its deadline; each holds a sandbox slot")
                .register(registry);
    }

    public WorkerMetrics(MeterRegistry registry, int sandboxes) {
        this.registry = registry;
        this.capacity = sandboxes;
        Gauge.builder("chartbox.sandboxes.active", active, AtomicInteger::get)
                .description("sandbox runs in progress on this worker")
                .register(registry);
        Gauge.builder("chartbox.sandboxes.pooled", active, a -> capacity - a.get())
                .description("sandbox slots of this worker ready for the next job")
                .register(registry);
        jobDuration = Timer.builder("chartbox.job.duration")
                .description("from submission to the final result published")
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry);
        sandboxMemory = DistributionSummary.builder("chartbox.sandbox.memory")
                .description("guest linear memory at the end of a run (its peak: linear memory never shrinks)")
                .baseUnit("bytes")
                .serviceLevelObjectives(MEMORY_BUCKETS)
                .register(registry);
        TimeGauge.builder("chartbox.worker.warmup", warmUpNanos, TimeUnit.NANOSECONDS, AtomicLong::get)
                .description("how long the sandbox warm-up took before this worker took its first job (0 until done)")
                .register(registry);
        idleWarmUpCompleted = idleWarmUpRuns("completed");
        idleWarmUpYielded = idleWarmUpRuns("yielded");
        artifacts = Counter.builder("chartbox.artifacts").description("artifacts uploaded").register(registry);
        artifactBytes = Counter.builder("chartbox.artifact.bytes")
                .description("bytes of artifacts uploaded")
                .baseUnit("bytes")
                .register(registry);
        for (Phase phase : Phase.values()) {
            phaseTimer(phase);
        }
        STATUSES.forEach(this::finishedCounter);
        DEAD_LETTER_REASONS.forEach(this::deadLetterCounter);
    }

    public void sandboxStarted() {
        active.incrementAndGet();
    }

    public void sandboxFinished() {
        active.decrementAndGet();
    }

    public void phase(Phase phase, Duration duration) {
        if (!duration.isNegative()) {
            phaseTimer(phase).record(duration);
        }
    }

    public void finished(String status, Duration sinceSubmission) {
        finishedCounter(status).increment();
        if (!sinceSubmission.isNegative()) {
            jobDuration.record(sinceSubmission);
        }
    }

    public void memory(long bytes) {
        if (bytes > 0) { // 0: the run never started (an internal error before the instance existed)
            sandboxMemory.record(bytes);
        }
    }

    public void warmedUp(Duration took) {
        warmUpNanos.set(took.toNanos());
    }

    /** A warm-up chart run while the worker had no job: it ran to its end, or stopped for a job. */
    public void idleWarmUpRun(boolean completed) {
        (completed ? idleWarmUpCompleted : idleWarmUpYielded).increment();
    }

    private Counter idleWarmUpRuns(String outcome) {
        return Counter.builder("chartbox.worker.idle.warmup.runs")
                .description("warm-up charts run while the worker had no job, by outcome: completed, or yielded to a job")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void artifact(long bytes) {
        artifacts.increment();
        artifactBytes.increment(bytes);
    }

    /**
     * reason: {@code unreadable} (not a job), {@code retries_exhausted} (infrastructure kept failing),
     * {@code stopped_worker} (the job ended its worker too often), {@code invalid_result} (the sandbox
     * returned what chartbox refuses to publish).
     */
    public void deadLettered(String reason) {
        deadLetterCounter(reason).increment();
    }

    private Counter finishedCounter(String status) {
        return Counter.builder("chartbox.jobs.finished")
                .description("jobs that ended, by final status")
                .tag("status", status)
                .register(registry);
    }

    private Counter deadLetterCounter(String reason) {
        return Counter.builder("chartbox.jobs.dead.lettered")
                .description("jobs sent to the dead-letter topic, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Timer phaseTimer(Phase phase) {
        return Timer.builder("chartbox.job.phase")
                .description("time spent in each phase of a job")
                .tag("phase", phase.tag())
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry);
    }
}
