package dev.chartbox.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfrastructureTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedBrokerDeliversARecordFromAProducerToAConsumer() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
             var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer());
             var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "test", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>("greetings", "k", "hello")).get();
            consumer.subscribe(List.of("greetings"));
            String value = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    value = records.iterator().next().value();
                }
            }
            assertThat(value).isEqualTo("hello");
        }
    }

    @Test
    void aRestartedBrokerAnswersOnTheSameAddressWithItsRecordsAndCommittedOffsets() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        String address = kafka.bootstrapServers();
        Map<String, Object> group = Map.of("bootstrap.servers", address, "group.id", "readers", "auto.offset.reset", "earliest",
                "enable.auto.commit", "false");
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", address), new StringSerializer(), new StringSerializer());
             var consumer = new KafkaConsumer<String, String>(group, new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>("letters", "k", "before")).get();
            consumer.subscribe(List.of("letters"));
            assertThat(pollOne(consumer)).isEqualTo("before");
            consumer.commitSync();
        }

        kafka = kafka.restart();
        try (EmbeddedKafka restarted = kafka;
             var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", address), new StringSerializer(), new StringSerializer());
             var consumer = new KafkaConsumer<String, String>(group, new StringDeserializer(), new StringDeserializer())) {
            assertThat(restarted.bootstrapServers()).isEqualTo(address);
            producer.send(new ProducerRecord<>("letters", "k", "after")).get();
            consumer.subscribe(List.of("letters"));
            assertThat(pollOne(consumer)).isEqualTo("after");
        }
    }

    private static String pollOne(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                return records.iterator().next().value();
            }
        }
        return null;
    }

    @Test
    void theEmbeddedS3ServerStoresObjectsAndRefusesWrongCredentials() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(0, Optional.empty(), "access", "secret-secret")) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials("access", "secret-secret")
                    .region("us-east-1").build();
            client.makeBucket(MakeBucketArgs.builder().bucket("charts").build());
            byte[] content = "chart".getBytes(StandardCharsets.UTF_8);
            client.putObject(PutObjectArgs.builder().bucket("charts").object("jobs/1/a.png")
                    .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType("image/png").build());
            try (var in = client.getObject(GetObjectArgs.builder().bucket("charts").object("jobs/1/a.png").build())) {
                assertThat(in.readAllBytes()).isEqualTo(content);
                assertThat(in.headers().get("Content-Type")).isEqualTo("image/png");
            }
            MinioClient intruder = MinioClient.builder().endpoint(s3.endpoint()).credentials("access", "wrong-secret")
                    .region("us-east-1").build();
            assertThatThrownBy(() -> intruder.getObject(GetObjectArgs.builder().bucket("charts").object("jobs/1/a.png").build()))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.errorResponse().code()).isEqualTo("SignatureDoesNotMatch"));
        }
    }
}
