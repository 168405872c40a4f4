package dev.chartbox.standalone.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event on the results topic, read from its beginning by a consumer of its own (a group
 * nobody else uses, nothing committed): the soak's count of final results per job is the topic's,
 * not the api's. RUNNING events are handed to a listener as they arrive (job id, worker id).
 * Each record is counted once: after a rebalance (the broker's restart makes one) the consumer
 * starts the partition over from its beginning, and records it has read are skipped by offset.
 */
final class ResultLedger implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A final result as read: its status and when the soak saw it. */
    record Final(String status, Instant seenAt) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final BiConsumer<String, String> onRunning;
    private final Map<String, List<Final>> finals = new ConcurrentHashMap<>();
    /** Jobs with a RUNNING event and no final result yet: the worker that announced it last. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final AtomicLong lastFinalNanos = new AtomicLong(System.nanoTime());
    /** Per partition, the offset after the last record read (only the poll thread touches it). */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    ResultLedger(String bootstrapServers, String topic, BiConsumer<String, String> onRunning) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "chartbox-soak-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000); // sees the topic soon after a worker creates it
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.onRunning = onRunning;
        consumer.subscribe(List.of(topic));
        this.thread = Thread.ofPlatform().name("soak-ledger").daemon().start(this::poll);
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < next.getOrDefault(partition, 0L)) {
            return; // read before a rebalance sent the consumer back to the beginning
        }
        next.put(partition, record.offset() + 1);
        JsonNode event;
        try {
            event = JSON.readTree(record.value());
        } catch (RuntimeException e) {
            System.err.println("soak: an unreadable event on the results topic at offset " + record.offset() + ": " + e.getMessage());
            return;
        }
        String jobId = event.path("jobId").asString(record.key());
        String status = event.path("status").asString("");
        if (status.equals("RUNNING")) {
            String workerId = event.path("workerId").asString("");
            running.put(jobId, workerId);
            onRunning.accept(jobId, workerId);
        } else {
            running.remove(jobId);
            finals.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(new Final(status, Instant.now()));
            lastFinalNanos.set(System.nanoTime());
        }
    }

    /** The final results read for {@code jobId}, in topic order. */
    List<Final> finalsOf(String jobId) {
        List<Final> read = finals.get(jobId);
        return read == null ? List.of() : List.copyOf(read);
    }

    /** Jobs with at least one final result. */
    int jobsWithAFinal() {
        return finals.size();
    }

    /** Every job id with a final result (the soak's and any other's). */
    Set<String> jobIds() {
        return Set.copyOf(finals.keySet());
    }

    /** The worker that announced {@code jobId} last, while the job has no final result. */
    Optional<String> runningWorkerOf(String jobId) {
        return Optional.ofNullable(running.get(jobId));
    }

    /** Workers that announced a job (other than {@code except}) and have not finished it. */
    Set<String> workersInTheMiddleOfAJob(Set<String> except) {
        return running.entrySet().stream().filter(e -> !except.contains(e.getKey()))
                .map(Map.Entry::getValue).collect(Collectors.toSet());
    }

    /** How long ago the last final result arrived. */
    Duration sinceLastFinal() {
        return Duration.ofNanos(System.nanoTime() - lastFinalNanos.get());
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
