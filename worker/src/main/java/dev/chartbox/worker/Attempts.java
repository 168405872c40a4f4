package dev.chartbox.worker;

import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, durably, how often the processing of a record began without reaching a result, in the
 * consumer group's committed offset of its partition: nothing but Kafka holds the count, and it
 * survives any worker death (JVM exit, OOM, SIGKILL).
 *
 * <p>Before the record at offset O runs, the partition's committed offset is set to O itself (not
 * O+1) with the metadata {@code {"job":"<key>","attempt":N,"member":"<group member id>"}}. If the
 * worker dies, the partition's next owner reads that back: the same offset and job under another
 * group member means the attempt before died, so this is attempt N+1. A redelivery to the same
 * consumer (the error handler's in-process retries after an S3 or Kafka failure) carries the same
 * member id and keeps N: retries are not crashes. Once a result is published, the listener
 * container commits O+1 without metadata, as for any record.
 */
final class Attempts {

    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    /** Kafka keeps at most {@code offset.metadata.max.bytes} (4096 by default) of metadata: keys are cut well below. */
    private static final int MAX_JOB_CHARS = 128;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What the committed offset says about the attempt in progress at that offset. */
    record Mark(String job, int attempt, String member) {}

    private Attempts() {}

    /**
     * Marks the start of an attempt at {@code record} and returns its number: 1 for a first run, N+1
     * after N attempts that stopped their workers, N again for a retry in the same consumer.
     * Throws {@link InfrastructureException} when the group coordinator cannot be reached (retried).
     */
    static int begin(Consumer<?, ?> consumer, ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String job = jobOf(record);
        try {
            String member = consumer.groupMetadata().memberId();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(partition), TIMEOUT);
            OffsetAndMetadata previous = committed.get(partition);
            Mark mark = previous != null && previous.offset() == record.offset() ? read(previous.metadata()) : null;
            if (mark != null && mark.job().equals(job) && mark.member().equals(member) && mark.attempt() > 0) {
                return mark.attempt();
            }
            int attempt = mark != null && mark.job().equals(job) ? mark.attempt() + 1 : 1;
            commit(consumer, record, new Mark(job, attempt, member));
            return attempt;
        } catch (KafkaException e) {
            throw new InfrastructureException("recording the attempt at " + partition + "@" + record.offset() + " failed: " + e, e);
        }
    }

    /**
     * Takes back an attempt that did not stop its worker but was handed over (a graceful stop): the
     * next owner of the partition counts from the attempt before.
     */
    static void release(Consumer<?, ?> consumer, ConsumerRecord<?, ?> record, int attempt) {
        try {
            commit(consumer, record, new Mark(jobOf(record), attempt - 1, ""));
        } catch (KafkaException e) {
            // Best effort: the worst case is that the next owner counts this attempt too.
            log.warn("could not release attempt {} at {}-{}@{}: {}", attempt, record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private static void commit(Consumer<?, ?> consumer, ConsumerRecord<?, ?> record, Mark mark) {
        String metadata = new String(WireJson.write(mark), java.nio.charset.StandardCharsets.UTF_8);
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset(), metadata)), TIMEOUT);
    }

    static Mark read(String metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        try {
            Mark mark = WireJson.read(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8), Mark.class);
            return mark.job() == null || mark.member() == null ? null : mark;
        } catch (RuntimeException e) {
            return null; // metadata some other tool wrote: not ours, no attempts counted
        }
    }

    /** The record's key, which names the job, cut to what offset metadata can hold. */
    static String jobOf(ConsumerRecord<?, ?> record) {
        String key = record.key() == null ? "" : record.key().toString();
        return key.length() <= MAX_JOB_CHARS ? key : key.substring(0, MAX_JOB_CHARS);
    }
}
