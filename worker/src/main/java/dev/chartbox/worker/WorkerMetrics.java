package dev.chartbox.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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
        Duration.ofSeconds(30), Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final int capacity;
    private final Timer jobDuration;
    private final DistributionSummary sandboxMemory;
    private final Counter artifacts;
    private final Counter artifactBytes;

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
                .description("guest linear memory at the end of a run")
                .baseUnit("bytes")
                .register(registry);
        artifacts = Counter.builder("chartbox.artifacts").description("artifacts uploaded").register(registry);
        artifactBytes = Counter.builder("chartbox.artifact.bytes")
                .description("bytes of artifacts uploaded")
                .baseUnit("bytes")
                .register(registry);
        for (Phase phase : Phase.values()) {
            phaseTimer(phase);
        }
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
        Counter.builder("chartbox.jobs.finished")
                .description("jobs that ended, by final status")
                .tag("status", status)
                .register(registry)
                .increment();
        if (!sinceSubmission.isNegative()) {
            jobDuration.record(sinceSubmission);
        }
    }

    public void memory(long bytes) {
        sandboxMemory.record(bytes);
    }

    public void artifact(long bytes) {
        artifacts.increment();
        artifactBytes.increment(bytes);
    }

    /** reason: {@code unreadable} (not a job) or {@code retries_exhausted} (infrastructure kept failing). */
    public void deadLettered(String reason) {
        Counter.builder("chartbox.jobs.dead.lettered")
                .description("jobs sent to the dead-letter topic, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private Timer phaseTimer(Phase phase) {
        return Timer.builder("chartbox.job.phase")
                .description("time spent in each phase of a job")
                .tag("phase", phase.tag())
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry);
    }
}
