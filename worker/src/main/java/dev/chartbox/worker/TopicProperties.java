package dev.chartbox.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The topics the worker reads and writes, and how they are created when missing.
 *
 * @param jobs       job requests (and nothing else), keyed by job id
 * @param results    job events and final results, keyed by job id
 * @param deadLetter jobs that could not be processed, with the exception in headers
 * @param partitions partitions of the jobs topic: the most workers' sandboxes that can share the load
 * @param replicas   replication factor for created topics (1 for a single broker)
 * @param resultMaxBytes {@code max.message.bytes} of the results topic; every result the worker
 *                   publishes is smaller (large streams go to S3), so this also bounds what API
 *                   replicas read
 * @param jobMaxBytes {@code max.message.bytes} of the jobs topic: the largest job request (the api's
 *                   producer and body limits must agree); the dead-letter topic takes this plus 1 MiB
 *                   for spring-kafka's exception headers, and so does the worker's producer
 *                   ({@code max.request.size})
 */
@ConfigurationProperties("chartbox.topics")
public record TopicProperties(
        @DefaultValue("chartbox.jobs") String jobs,
        @DefaultValue("chartbox.results") String results,
        @DefaultValue("chartbox.jobs.dlt") String deadLetter,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicas,
        @DefaultValue("1MB") DataSize resultMaxBytes,
        @DefaultValue("20MB") DataSize jobMaxBytes) {

    /** What spring-kafka's dead-letter headers (exception class, message, stack trace) may add to a job record. */
    static final DataSize DEAD_LETTER_HEADROOM = DataSize.ofMegabytes(1);

    public TopicProperties {
        if (resultMaxBytes.toBytes() < DataSize.ofMegabytes(1).toBytes()) {
            throw new IllegalArgumentException("chartbox.topics.result-max-bytes must be at least 1MB (a result's inline"
                    + " streams, error and a full artifact list take up to ~670 KiB), was " + resultMaxBytes);
        }
    }

    /** {@code max.message.bytes} of the dead-letter topic, and the worker producer's {@code max.request.size}. */
    public long deadLetterMaxBytes() {
        return jobMaxBytes.toBytes() + DEAD_LETTER_HEADROOM.toBytes();
    }
}
