package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.GuestInfo;
import dev.chartbox.sandbox.Sandbox;
import dev.chartbox.sandbox.SandboxRequest;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobSubmission;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A JVM {@link Error} escaping a job (the host ran out of heap, a linkage error) stops the listener's
 * consumer: spring-kafka does not hand Errors to the error handler. Injected here, once, into the
 * real sandbox's first run, in a real worker context on a real broker.
 */
class JvmErrorInAJobTest {

    private static Sandbox real;

    @BeforeAll
    static void startSandbox() {
        real = ChicorySandbox.start(1);
    }

    @AfterAll
    static void closeSandbox() {
        real.close();
    }

    @Test
    void anErrorInAJobStopsTheConsumerMakesTheWorkerNotLiveAndTheNextWorkerRunsTheJobAsItsSecondAttempt() throws Exception {
        String bootstrap = Broker.bootstrapServers();
        String prefix = "jvm-error-" + UUID.randomUUID().toString().substring(0, 8);
        try (var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(prefix + ".jobs", 1, (short) 1), new NewTopic(prefix + ".results", 1, (short) 1),
                    new NewTopic(prefix + ".dlt", 1, (short) 1))).all().get();
        }
        String jobId = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(prefix + ".jobs", jobId,
                    WireJson.write(JobRequest.of(jobId, Instant.now(), "tenant-1", JobSubmission.of("print('ran')"), null)))).get();
        }
        var errorOnce = new AtomicBoolean(true);
        Sandbox failingOnce = new Sandbox() {
            @Override
            public SandboxResult run(SandboxRequest request) {
                if (errorOnce.getAndSet(false)) {
                    throw new OutOfMemoryError("injected by the test: the host ran out of heap during the run");
                }
                return real.run(request);
            }

            @Override
            public GuestInfo guest() {
                return real.guest();
            }

            @Override
            public int runawayThreads() {
                return real.runawayThreads();
            }

            @Override
            public void close() {}
        };

        ConfigurableApplicationContext first = worker(prefix, "first", failingOnce);
        try {
            var availability = first.getBean(ApplicationAvailability.class);
            for (int i = 0; i < 300 && availability.getLivenessState() != LivenessState.BROKEN; i++) {
                Thread.sleep(100);
            }
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
            OffsetAndMetadata committed = committed(bootstrap, prefix);
            assertThat(committed.offset()).as("the job's offset stays uncommitted").isZero();
            assertThat(Attempts.read(committed.metadata()).attempt()).isEqualTo(1);
        } finally {
            first.close(); // what Kubernetes does to a worker that is not live
        }

        ConfigurableApplicationContext second = worker(prefix, "second", failingOnce);
        try {
            List<JsonNode> events = events(bootstrap, prefix + ".results", 3);
            assertThat(events).extracting(e -> e.path("status").asString()).containsExactly("RUNNING", "RUNNING", "SUCCEEDED");
            assertThat(events.get(2).path("stdout").asString()).isEqualTo("ran\n");
            assertThat(events.get(2).path("workerId").asString()).isEqualTo("second");
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext worker(String prefix, String id, Sandbox sandbox) {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("sandbox", Sandbox.class, () -> sandbox,
                        definition -> definition.setDestroyMethodName("")))
                .run("--spring.kafka.bootstrap-servers=" + Broker.bootstrapServers(),
                        "--chartbox.topics.jobs=" + prefix + ".jobs",
                        "--chartbox.topics.results=" + prefix + ".results",
                        "--chartbox.topics.dead-letter=" + prefix + ".dlt",
                        "--chartbox.topics.partitions=1",
                        "--chartbox.worker.id=" + id,
                        "--chartbox.worker.warm-up-runs=0",
                        "--chartbox.worker.idle-warm-up-runs=0",
                        "--chartbox.s3.endpoint=http://127.0.0.1:9",
                        "--chartbox.s3.access-key=unused",
                        "--chartbox.s3.secret-key=unused",
                        "--server.port=0");
    }

    private static OffsetAndMetadata committed(String bootstrap, String prefix) throws Exception {
        try (var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            // spring-kafka names the group after the listener's id (idIsGroup), whatever spring.kafka.consumer.group-id says.
            return admin.listConsumerGroupOffsets(JobListener.ID).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(prefix + ".jobs", 0));
        }
    }

    private static List<JsonNode> events(String bootstrap, String topic, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<JsonNode> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (events.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(WireJson.mapper().readTree(r.value())));
            }
            return events;
        }
    }
}
