package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes accepted jobs to the jobs topic, and tells where that topic ends. A record larger than
 * the producer's {@code max.request.size} or the topic's {@code max.message.bytes} is refused with
 * 413 before it is sent: a job that can never be published must not look like a retryable 503.
 *
 * <p>Jobs go to the topic's partitions in turn rather than by their key's hash: each sandbox
 * consumes its own partitions, and a burst of jobs hashed at random leaves one sandbox a queue
 * while another idles (30 jobs on two sandboxes split 17/13 in {@code bench system}, the last
 * four charts running on one core). Each replica starts its turn at a random partition.
 */
@Component
public class JobPublisher {

    /** Room for the record's framing beyond key, value and headers. */
    static final int RECORD_OVERHEAD = 1024;
    private static final Duration RECHECK_TOPIC_LIMIT = Duration.ofMinutes(1);

    private final KafkaTemplate<String, byte[]> template;
    private final Admin admin;
    private final TopicProperties topics;
    private final ApiProperties properties;
    private final long producerLimit;
    private volatile long topicLimit = Long.MAX_VALUE;
    private volatile Instant topicLimitCheckedAt = Instant.EPOCH;
    private final AtomicInteger turn = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    public JobPublisher(KafkaTemplate<String, byte[]> template, Admin admin, TopicProperties topics, ApiProperties properties) {
        this.template = template;
        this.admin = admin;
        this.topics = topics;
        this.properties = properties;
        Object configured = template.getProducerFactory().getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.producerLimit = configured == null ? 1_048_576 : Long.parseLong(configured.toString());
    }

    /** Returns once Kafka has acknowledged the record; throws {@link PublishFailedException} otherwise. */
    public void publish(JobRequest request, String correlationId) {
        byte[] value = WireJson.write(request);
        Headers headers = new RecordHeaders()
                .add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes(correlationId))
                .add(MessageHeaders.CONTENT_TYPE, MessageHeaders.bytes(MessageHeaders.JSON))
                .add(MessageHeaders.SCHEMA_VERSION, MessageHeaders.bytes(MessageHeaders.SCHEMA_VERSION_VALUE))
                .add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.bytes(MessageHeaders.TYPE_JOB_REQUEST));
        long size = sizeOf(request.jobId(), value, headers);
        long limit = Math.min(producerLimit, topicLimit());
        if (size > limit) {
            throw tooLarge(size, limit);
        }
        var record = new ProducerRecord<>(topics.jobs(), nextPartition(), request.jobId(), value, headers);
        try {
            template.send(record).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException || e.getCause() != null && e.getCause().getCause() instanceof RecordTooLargeException) {
                throw tooLarge(size, limit);
            }
            throw new PublishFailedException(e);
        } catch (TimeoutException | RuntimeException e) {
            throw new PublishFailedException(e);
        }
    }

    /** The next partition in this replica's turn; the producer's cached metadata says how many there are. */
    private int nextPartition() {
        try {
            return Math.floorMod(turn.getAndIncrement(), template.partitionsFor(topics.jobs()).size());
        } catch (RuntimeException e) { // no metadata within max.block.ms: the broker is out of reach
            throw new PublishFailedException(e);
        }
    }

    private static RequestRejectedException tooLarge(long size, long limit) {
        return new RequestRejectedException(HttpStatus.CONTENT_TOO_LARGE, SubmissionValidator.TOO_LARGE,
                "The job is " + size + " bytes as a Kafka record; the jobs topic takes at most " + limit + ".",
                List.of(new FieldProblem("body", "is too large to publish (" + size + " > " + limit + " bytes as a record)")));
    }

    private static long sizeOf(String key, byte[] value, Headers headers) {
        long size = RECORD_OVERHEAD + key.length() + value.length;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** The jobs topic's max.message.bytes, looked up at most once a minute (it can be altered live). */
    private long topicLimit() {
        Instant now = Instant.now();
        if (now.isBefore(topicLimitCheckedAt.plus(RECHECK_TOPIC_LIMIT))) {
            return topicLimit;
        }
        topicLimitCheckedAt = now;
        try {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.jobs());
            var config = admin.describeConfigs(List.of(resource)).all().get(2, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (config != null && config.value() != null) {
                topicLimit = Long.parseLong(config.value());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Keep the last known value; the send itself still reports a too-large record.
            topicLimitCheckedAt = Instant.EPOCH;
        }
        return topicLimit;
    }

    /** The end offset of every partition of the jobs topic, now. */
    public Map<TopicPartition, Long> jobsEndOffsets(Duration timeout) throws Exception {
        var description = admin.describeTopics(List.of(topics.jobs())).allTopicNames()
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
