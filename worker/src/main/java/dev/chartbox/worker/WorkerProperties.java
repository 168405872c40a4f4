package dev.chartbox.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one worker runs jobs.
 *
 * @param id            the worker's name in results and logs; empty: the host name
 * @param sandboxes     jobs this worker runs at once (listener threads, one sandbox run each)
 * @param shutdownGrace how long a stopping worker waits for in-flight jobs; a job still running
 *                      after it publishes nothing and stays uncommitted, so another worker runs it
 * @param retry         how infrastructure failures (S3, Kafka) are retried before dead-lettering
 * @param warmUpRuns    sandbox runs of a small chart before the worker takes jobs (readiness stays
 *                      down meanwhile), so HotSpot has compiled the guest; 0: none
 */
@ConfigurationProperties("chartbox.worker")
public record WorkerProperties(
        @DefaultValue("") String id,
        @DefaultValue("1") int sandboxes,
        @DefaultValue("60s") Duration shutdownGrace,
        @DefaultValue Retry retry,
        @DefaultValue("2") int warmUpRuns) {

    public WorkerProperties {
        if (sandboxes < 1) {
            throw new IllegalArgumentException("chartbox.worker.sandboxes must be at least 1, was " + sandboxes);
        }
        if (warmUpRuns < 0) {
            throw new IllegalArgumentException("chartbox.worker.warm-up-runs must not be negative, was " + warmUpRuns);
        }
    }

    /**
     * Exponential backoff: {@code initialInterval}, times {@code multiplier} per attempt, capped at
     * {@code maxInterval}, for at most {@code maxRetries} retries after the first attempt.
     */
    public record Retry(
            @DefaultValue("1s") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("6") int maxRetries) {}
}
