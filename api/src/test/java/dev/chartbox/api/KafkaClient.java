package dev.chartbox.api;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: read what the API published, publish what a worker would. */
final class KafkaClient implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    KafkaClient(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes an event on the results topic as a worker does: keyed by job id, with the contract's headers. */
    void publish(String topic, JobEvent event, String correlationId) throws Exception {
        var record = new ProducerRecord<String, byte[]>(topic, event.jobId(), WireJson.write(event));
        record.headers()
                .add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes(correlationId))
                .add(MessageHeaders.CONTENT_TYPE, MessageHeaders.bytes(MessageHeaders.JSON))
                .add(MessageHeaders.SCHEMA_VERSION, MessageHeaders.bytes(MessageHeaders.SCHEMA_VERSION_VALUE))
                .add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.bytes(MessageHeaders.TYPE_JOB_EVENT));
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    /** Publishes raw bytes, e.g. a record no chartbox component could have written. */
    void publishRaw(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Every record on the topic with this key, reading from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> recordsWithKey(String topic, String key) {
        return records(topic).stream().filter(record -> key.equals(record.key())).toList();
    }

    /** Every record on the topic, reading from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> records(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
            return found;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
