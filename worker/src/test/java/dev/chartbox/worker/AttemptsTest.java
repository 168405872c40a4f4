package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The attempt count lives in the group's committed offsets of a real broker: consumers come and go, it stays. */
class AttemptsTest {

    private final String topic = "attempts-" + UUID.randomUUID();
    private final String group = "group-" + UUID.randomUUID();

    @Test
    void aNewGroupMemberCountsTheAttemptOfOneThatDiedButRetriesInOneConsumerDoNot() throws Exception {
        send("job-1");

        try (var first = consumer()) {
            var record = firstRecord(first);
            assertThat(Attempts.begin(first, record)).isEqualTo(1);
            assertThat(Attempts.begin(first, record)).as("an in-process retry").isEqualTo(1);
        } // closed without committing past the record, as a worker that died
        try (var second = consumer()) {
            var record = firstRecord(second);
            assertThat(record.offset()).isZero();
            assertThat(Attempts.begin(second, record)).isEqualTo(2);
        }
        try (var third = consumer()) {
            assertThat(Attempts.begin(third, firstRecord(third))).isEqualTo(3);
        }
    }

    @Test
    void anAttemptHandedOverByAGracefulStopIsNotCounted() throws Exception {
        send("job-2");

        try (var stopping = consumer()) {
            var record = firstRecord(stopping);
            int attempt = Attempts.begin(stopping, record);
            Attempts.release(stopping, record, attempt);
        }
        try (var next = consumer()) {
            assertThat(Attempts.begin(next, firstRecord(next))).isEqualTo(1);
        }
    }

    @Test
    void aRecordThatWasFinishedStartsItsSuccessorAtTheFirstAttempt() throws Exception {
        send("job-3");
        send("job-4");

        try (var consumer = consumer()) {
            var records = records(consumer, 2);
            assertThat(Attempts.begin(consumer, records.get(0))).isEqualTo(1);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)));
        }
        try (var next = consumer()) {
            var record = firstRecord(next);
            assertThat(record.key()).isEqualTo("job-4");
            assertThat(Attempts.begin(next, record)).isEqualTo(1);
        }
    }

    private void send(String key) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", Broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, "job")).get();
        }
    }

    private KafkaConsumer<String, String> consumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", Broker.bootstrapServers(),
                "group.id", group,
                "enable.auto.commit", false,
                "auto.offset.reset", "earliest",
                "max.poll.records", 1), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static ConsumerRecord<String, String> firstRecord(KafkaConsumer<String, String> consumer) {
        return records(consumer, 1).get(0);
    }

    private static List<ConsumerRecord<String, String>> records(KafkaConsumer<String, String> consumer, int count) {
        var records = new java.util.ArrayList<ConsumerRecord<String, String>>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(count);
        return records;
    }
}
