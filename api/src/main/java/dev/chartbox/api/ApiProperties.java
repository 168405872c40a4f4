package dev.chartbox.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the API accepts and how long it waits.
 *
 * @param maxRequestSize          a request body larger than this is refused (413) before it is read
 * @param maxCodeSize             bounds {@code code} to a quarter of it in characters (so it fits as UTF-8); longer: 413
 * @param maxFilesSize            total decoded size of all input files; larger: 413
 * @param maxFiles                number of input files; more: 413
 * @param maxLimits               the largest limits a job may ask for; larger: 400
 * @param maxWait                 cap on the long-poll {@code wait} parameter of GET /v1/jobs/{id}
 * @param sseTimeout              how long an event stream stays open without a final result
 * @param sseHeartbeat            how often an open event stream gets a comment line (keeps proxies from
 *                                closing a stream that waits minutes for its result)
 * @param publishTimeout          how long a submission waits for Kafka to acknowledge it
 * @param catchUpTimeout          how long an idempotent submission waits for this replica to read the
 *                                jobs topic up to its end before deciding whether the key is new, and
 *                                how long a lookup waits for a just-started replica to catch up
 * @param artifacts               how artifact links are made
 * @param store                   the bounds of this replica's job view
 * @param quotas                  per-tenant limits
 */
@ConfigurationProperties("chartbox.api")
public record ApiProperties(
        @DefaultValue("16MB") DataSize maxRequestSize,
        @DefaultValue("1MB") DataSize maxCodeSize,
        @DefaultValue("10MB") DataSize maxFilesSize,
        @DefaultValue("32") int maxFiles,
        @DefaultValue MaxLimits maxLimits,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("15m") Duration sseTimeout,
        @DefaultValue("15s") Duration sseHeartbeat,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("5s") Duration catchUpTimeout,
        @DefaultValue Artifacts artifacts,
        @DefaultValue Store store,
        @DefaultValue Quotas quotas) {

    /** Server-side maximums of a job's limits; the defaults match the sandbox's {@code Limits.MAXIMUM}. */
    public record MaxLimits(
            @DefaultValue("5m") Duration deadline,
            @DefaultValue("2048MB") DataSize memory,
            @DefaultValue("16MB") DataSize stdout,
            @DefaultValue("16MB") DataSize stderr,
            @DefaultValue("256") int outputFiles,
            @DefaultValue("200MB") DataSize outputBytes) {}

    /**
     * @param links         PROXY: {@code url} is this API's own route, which streams the object from
     *                      S3 (clients need to reach only the API); PRESIGNED: a presigned S3 GET URL
     *                      (clients must reach the S3 endpoint)
     * @param presignExpiry lifetime of a presigned URL
     */
    public record Artifacts(@DefaultValue("PROXY") LinkMode links, @DefaultValue("5m") Duration presignExpiry) {}

    /**
     * The job view is bounded three ways; the oldest jobs go first when any bound is passed. A
     * restarted replica reads the topics only from {@code retention} ago.
     *
     * @param maxJobs      jobs kept
     * @param maxBytes     estimated heap of the jobs kept
     * @param retention    how long a job is kept after it was submitted (also how long its
     *                     Idempotency-Key is remembered)
     * @param inlineOutput characters of stdout, stderr and a traceback kept per job; the rest is cut
     *                     (the worker stores long streams in S3, and the API links to them)
     */
    public record Store(
            @DefaultValue("100000") int maxJobs,
            @DefaultValue("256MB") DataSize maxBytes,
            @DefaultValue("24h") Duration retention,
            @DefaultValue("64KB") DataSize inlineOutput) {}

    /**
     * Per tenant; a refusal is 429 with Retry-After. Jobs in flight are counted from the job view
     * (every replica's view is the same); submissions and open waits are counted per replica.
     *
     * @param jobsInFlight         submitted jobs without a final result yet
     * @param submissionsPerMinute new submissions (replays of an Idempotency-Key are free)
     * @param openWaits            open event streams and long-polls together
     */
    public record Quotas(
            @DefaultValue("100") int jobsInFlight,
            @DefaultValue("120") int submissionsPerMinute,
            @DefaultValue("20") int openWaits) {}

    public enum LinkMode {
        PROXY,
        PRESIGNED
    }
}
