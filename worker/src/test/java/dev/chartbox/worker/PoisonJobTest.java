package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.JobSubmission;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A job that kills every worker that runs it must not take the fleet down one worker after the
 * other. Real workers in their own JVMs on a real broker; whenever one announces that it runs the
 * poison job, the test SIGKILLs it mid-run and starts a replacement, as Kubernetes would.
 */
class PoisonJobTest {

    private static final int MAX_ATTEMPTS = 2;

    @Test
    void aJobThatKeepsKillingItsWorkersEndsOnceWithInternalErrorAfterMaxAttemptsAndTheNextJobIsServed() throws Exception {
        String bootstrap = Broker.bootstrapServers();
        String prefix = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> properties = Map.ofEntries(
                Map.entry("spring.kafka.bootstrap-servers", bootstrap),
                // A killed worker leaves the group when its session times out: keep that short.
                Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "3000"),
                Map.entry("spring.kafka.consumer.properties.heartbeat.interval.ms", "500"),
                Map.entry("chartbox.topics.jobs", prefix + ".jobs"),
                Map.entry("chartbox.topics.results", prefix + ".results"),
                Map.entry("chartbox.topics.dead-letter", prefix + ".dlt"),
                Map.entry("chartbox.topics.partitions", "1"),
                Map.entry("chartbox.worker.max-attempts", Integer.toString(MAX_ATTEMPTS)),
                Map.entry("chartbox.worker.warm-up-runs", "0"),
                Map.entry("chartbox.worker.idle-warm-up-runs", "0"),
                // Neither job uploads anything: no S3 server is needed, and none answers here.
                Map.entry("chartbox.s3.endpoint", "http://127.0.0.1:9"),
                Map.entry("chartbox.s3.access-key", "unused"),
                Map.entry("chartbox.s3.secret-key", "unused"),
                Map.entry("server.port", "0"));
        try (var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(prefix + ".jobs", 1, (short) 1), new NewTopic(prefix + ".results", 1, (short) 1),
                    new NewTopic(prefix + ".dlt", 1, (short) 1))).all().get();
        }
        String poison = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        // The poison job runs until killed; the next job waits behind it in the same, only partition.
        send(bootstrap, prefix + ".jobs", poison, "import time\nwhile True:\n    time.sleep(0.05)\n");
        send(bootstrap, prefix + ".jobs", next, "print('still serving')\n");

        List<JsonNode> events = new ArrayList<>();
        List<String> killed = new ArrayList<>();
        int started = 0;
        WorkerProcess worker = WorkerProcess.start(prefix + "-" + ++started, properties);
        try (var results = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(prefix + ".results", 0);
            results.assign(List.of(partition));
            results.seekToBeginning(List.of(partition));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (!finished(events, next) && Instant.now().isBefore(deadline)) {
                for (var record : results.poll(Duration.ofMillis(200))) {
                    JsonNode event = WireJson.mapper().readTree(record.value());
                    events.add(event);
                    if (poison.equals(event.path("jobId").asString()) && "RUNNING".equals(event.path("status").asString())) {
                        assertThat(event.path("workerId").asString()).isEqualTo(worker.id());
                        worker.kill();
                        killed.add(worker.id());
                        worker = WorkerProcess.start(prefix + "-" + ++started, properties);
                    }
                }
                assertThat(worker.isAlive()).as("worker %s is alive (see target/worker-processes)", worker.id()).isTrue();
            }
        } finally {
            worker.stop();
        }

        List<JsonNode> poisonFinals = finals(events, poison);
        assertThat(killed).as("workers killed while running the poison job").hasSize(MAX_ATTEMPTS);
        assertThat(poisonFinals).as("final events of the poison job in %s", events).hasSize(1);
        assertThat(poisonFinals.get(0).path("status").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(poisonFinals.get(0).path("error").path("message").asString())
                .isEqualTo("the job stopped its worker " + MAX_ATTEMPTS + " times");
        assertThat(finals(events, next)).hasSize(1).first()
                .satisfies(event -> assertThat(event.path("status").asString()).isEqualTo("SUCCEEDED"))
                .satisfies(event -> assertThat(event.path("stdout").asString()).isEqualTo("still serving\n"));
        assertThat(deadLetterKeys(bootstrap, prefix + ".dlt")).containsExactly(poison);
    }

    private static boolean finished(List<JsonNode> events, String jobId) {
        return !finals(events, jobId).isEmpty();
    }

    private static List<JsonNode> finals(List<JsonNode> events, String jobId) {
        return events.stream()
                .filter(e -> jobId.equals(e.path("jobId").asString()) && !"RUNNING".equals(e.path("status").asString()))
                .toList();
    }

    private static void send(String bootstrap, String topic, String jobId, String code) throws Exception {
        JobRequest request = JobRequest.of(jobId, Instant.now(), "tenant-1", JobSubmission.of(code), null);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(topic, jobId, WireJson.write(request));
            record.headers().add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes(jobId));
            producer.send(record).get();
        }
    }

    private static List<String> deadLetterKeys(String bootstrap, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> keys = new ArrayList<>();
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }
}
