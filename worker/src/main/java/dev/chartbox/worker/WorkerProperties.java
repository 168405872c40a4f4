package dev.chartbox.worker;

import dev.chartbox.sandbox.Limits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How one worker runs jobs.
 *
 * @param id            the worker's name in results and logs; empty: the host name
 * @param sandboxes     jobs this worker runs at once (listener threads, one sandbox run each)
 * @param shutdownGrace how long a stopping worker waits for in-flight jobs; a job still running
 *                      after it publishes nothing and stays uncommitted, so another worker runs it
 * @param retry         how infrastructure failures (S3, Kafka) are retried before dead-lettering
 * @param warmUpRuns    warm-up charts the sandbox runs before the worker takes jobs (readiness stays
 *                      down meanwhile), taken in turn from {@code ChicorySandbox.WARM_UP_CHARTS}, so
 *                      HotSpot has compiled the guest paths charts most often take; 0: none
 * @param idleWarmUpRuns more warm-up charts, run after readiness while the worker has no job (a job
 *                      that comes stops the one in progress at once): HotSpot compiles the guest's
 *                      lukewarm paths only after many runs; 0: none
 * @param maxAttempts   attempts at a job that never reached a result (each ended its worker: JVM
 *                      exit, OOM, SIGKILL) before the job ends INTERNAL_ERROR and is dead-lettered
 * @param maxLimits     the largest limits this worker runs; a job asking for more ends REJECTED.
 *                      At most, and by default, the sandbox's own maximums ({@code Limits.MAXIMUM})
 */
@ConfigurationProperties("chartbox.worker")
public record WorkerProperties(
        @DefaultValue("") String id,
        @DefaultValue("1") int sandboxes,
        @DefaultValue("60s") Duration shutdownGrace,
        @DefaultValue Retry retry,
        @DefaultValue("5") int warmUpRuns,
        @DefaultValue("75") int idleWarmUpRuns,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue MaxLimits maxLimits) {

    public WorkerProperties {
        if (sandboxes < 1) {
            throw new IllegalArgumentException("chartbox.worker.sandboxes must be at least 1, was " + sandboxes);
        }
        if (warmUpRuns < 0) {
            throw new IllegalArgumentException("chartbox.worker.warm-up-runs must not be negative, was " + warmUpRuns);
        }
        if (idleWarmUpRuns < 0) {
            throw new IllegalArgumentException("chartbox.worker.idle-warm-up-runs must not be negative, was " + idleWarmUpRuns);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("chartbox.worker.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /**
     * Exponential backoff: {@code initialInterval}, times {@code multiplier} per attempt, capped at
     * {@code maxInterval}, for at most {@code maxRetries} retries after the first attempt. A failure
     * of the sandbox itself (its INTERNAL_ERROR) is retried at most {@code sandboxRetries} times,
     * {@code initialInterval} apart: each retry runs the program again.
     */
    public record Retry(
            @DefaultValue("1s") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("6") int maxRetries,
            @DefaultValue("1") int sandboxRetries) {}

    /**
     * Operator maximums for what a job may ask ({@code chartbox.worker.max-limits.*}); each defaults
     * to the sandbox's maximum and may not exceed it. Job defaults above one of them are lowered to it.
     */
    public record MaxLimits(
            @DefaultValue("5m") Duration deadline,
            @DefaultValue("2048MB") DataSize memory,
            @DefaultValue("16MB") DataSize stdout,
            @DefaultValue("16MB") DataSize stderr,
            @DefaultValue("256") int outputFiles,
            @DefaultValue("200MB") DataSize outputBytes) {

        public MaxLimits {
            Limits max = Limits.MAXIMUM;
            atMost("deadline", deadline.toMillis(), max.deadline().toMillis());
            atMost("memory", memory.toBytes(), max.memoryBytes());
            atMost("stdout", stdout.toBytes(), max.stdoutBytes());
            atMost("stderr", stderr.toBytes(), max.stderrBytes());
            atMost("output-files", outputFiles, max.maxOutputFiles());
            atMost("output-bytes", outputBytes.toBytes(), max.maxOutputBytes());
        }

        /** The sandbox's own maximums. */
        public static MaxLimits sandboxMaximum() {
            Limits max = Limits.MAXIMUM;
            return new MaxLimits(max.deadline(), DataSize.ofBytes(max.memoryBytes()), DataSize.ofBytes(max.stdoutBytes()),
                    DataSize.ofBytes(max.stderrBytes()), max.maxOutputFiles(), DataSize.ofBytes(max.maxOutputBytes()));
        }

        /** As sandbox limits, to compare a job's against. */
        public Limits asLimits() {
            return new Limits(deadline, memory.toBytes(), (int) stdout.toBytes(), (int) stderr.toBytes(), outputFiles, outputBytes.toBytes());
        }

        private static void atMost(String name, long value, long maximum) {
            if (value < 0 || value > maximum) {
                throw new IllegalArgumentException("chartbox.worker.max-limits." + name + " must be between 0 and the sandbox's maximum "
                        + maximum + ", was " + value);
            }
        }
    }
}
