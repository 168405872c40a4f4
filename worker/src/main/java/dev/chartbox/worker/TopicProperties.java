package dev.chartbox.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics the worker reads and writes, and how they are created when missing.
 *
 * @param jobs       job requests (and nothing else), keyed by job id
 * @param results    job events and final results, keyed by job id
 * @param deadLetter jobs that could not be processed, with the exception in headers
 * @param partitions partitions of the jobs topic: the most workers' sandboxes that can share the load
 * @param replicas   replication factor for created topics (1 for a single broker)
 */
@ConfigurationProperties("chartbox.topics")
public record TopicProperties(
        @DefaultValue("chartbox.jobs") String jobs,
        @DefaultValue("chartbox.results") String results,
        @DefaultValue("chartbox.jobs.dlt") String deadLetter,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicas) {}
