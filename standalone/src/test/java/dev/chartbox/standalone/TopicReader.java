package dev.chartbox.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from its beginning, outside any consumer group: what is on it, as a test sees it. */
final class TopicReader {

    private TopicReader() {}

    /** Polls {@code topic} until the records matching {@code wanted} satisfy {@code done}, or the timeout passes. */
    static List<ConsumerRecord<String, byte[]>> await(String bootstrap, String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                      Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
            Instant deadline = Instant.now().plus(timeout);
            while (!done.test(matching) && Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.test(record)) {
                        matching.add(record);
                    }
                }
            }
            return matching;
        }
    }
}
