package dev.chartbox.api;

import dev.chartbox.schemas.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic names (shared with the worker) and how the API creates them when missing.
 *
 * @param partitions  partitions of a topic the API creates; existing topics are left as they are
 * @param replicas    replication factor of a topic the API creates
 */
@ConfigurationProperties("chartbox.topics")
public record TopicProperties(
        @DefaultValue(Topics.JOBS) String jobs,
        @DefaultValue(Topics.RESULTS) String results,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicas) {}
