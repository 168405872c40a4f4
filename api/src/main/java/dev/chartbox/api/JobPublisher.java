package dev.chartbox.api;

import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes accepted jobs to the jobs topic, and tells where that topic ends. */
@Component
public class JobPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final Admin admin;
    private final TopicProperties topics;
    private final ApiProperties properties;

    public JobPublisher(KafkaTemplate<String, byte[]> template, Admin admin, TopicProperties topics, ApiProperties properties) {
        this.template = template;
        this.admin = admin;
        this.topics = topics;
        this.properties = properties;
    }

    /** Returns once Kafka has acknowledged the record; throws {@link PublishFailedException} otherwise. */
    public void publish(JobRequest request, String correlationId) {
        var record = new ProducerRecord<String, byte[]>(topics.jobs(), request.jobId(), WireJson.write(request));
        record.headers()
                .add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes(correlationId))
                .add(MessageHeaders.CONTENT_TYPE, MessageHeaders.bytes(MessageHeaders.JSON))
                .add(MessageHeaders.SCHEMA_VERSION, MessageHeaders.bytes(MessageHeaders.SCHEMA_VERSION_VALUE))
                .add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.bytes(MessageHeaders.TYPE_JOB_REQUEST));
        try {
            template.send(record).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new PublishFailedException(e);
        }
    }

    /** The end offset of every partition of the jobs topic, now. */
    public Map<TopicPartition, Long> jobsEndOffsets(Duration timeout) throws Exception {
        var description = admin.describeTopics(java.util.List.of(topics.jobs())).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topics.jobs());
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topics.jobs(), p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Kafka did not take a job in time; the client may retry (with the same Idempotency-Key). */
    public static class PublishFailedException extends RuntimeException {
        PublishFailedException(Throwable cause) {
            super("could not publish the job to Kafka: " + cause.getMessage(), cause);
        }
    }
}
