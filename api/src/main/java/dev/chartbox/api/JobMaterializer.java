package dev.chartbox.api;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the jobs and results topics, forever, into the {@link JobStore}, starting at the records of
 * {@code chartbox.api.store.retention} ago (older jobs would not be kept anyway, so a restart never
 * replays the topics' whole history). No consumer group: every partition is assigned manually, so
 * every replica reads everything and a restarted replica rebuilds the view.
 */
@Component
public class JobMaterializer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobMaterializer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REASSIGN_EVERY = Duration.ofSeconds(30);

    private final ConsumerFactory<?, ?> consumerFactory;
    private final TopicProperties topics;
    private final JobStore store;
    private final Duration keepFor;

    private final Object progress = new Object();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private Map<TopicPartition, Long> startupTargets;
    private volatile boolean caughtUp;
    private volatile Instant lastPoll;
    private volatile String lastError;

    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean stopping;

    public JobMaterializer(ConsumerFactory<?, ?> consumerFactory, TopicProperties topics, JobStore store, ApiProperties properties) {
        this.consumerFactory = consumerFactory;
        this.topics = topics;
        this.store = store;
        this.keepFor = properties.store().retention();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = (Consumer<String, byte[]>) consumerFactory.createConsumer(null, "chartbox-api-view", null, overrides);
        stopping = false;
        thread = Thread.ofPlatform().name("chartbox-job-view").daemon().start(this::run);
    }

    @Override
    public void stop() {
        stopping = true;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Starts before the web server and stops after its graceful shutdown, so no request finds the view stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Whether this replica has read both topics up to where they ended when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    public String lastError() {
        return lastError;
    }

    /** Waits until {@link #caughtUp()}; returns false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!caughtUp) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits until this replica has read every given partition up to the given offset. Returns false
     * on timeout.
     */
    public boolean awaitPositions(Map<TopicPartition, Long> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(targets)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void run() {
        Consumer<String, byte[]> c = consumer;
        Instant lastAssignment = Instant.EPOCH;
        try (c) {
            while (!stopping) {
                try {
                    if (Duration.between(lastAssignment, Instant.now()).compareTo(REASSIGN_EVERY) > 0 || c.assignment().isEmpty()) {
                        assign(c);
                        lastAssignment = Instant.now();
                    }
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        apply(record);
                    }
                    recordProgress(c);
                    store.evictBeyondBounds();
                    lastError = null;
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    log.warn("reading job state from Kafka failed, retrying: {}", e.toString());
                    log.debug("the failure", e);
                    sleepBeforeRetry();
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void assign(Consumer<String, byte[]> c) {
        Set<TopicPartition> wanted = new HashSet<>();
        for (String topic : List.of(topics.jobs(), topics.results())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
            }
            infos.forEach(info -> wanted.add(new TopicPartition(info.topic(), info.partition())));
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(c.assignment());
        if (added.isEmpty()) {
            return;
        }
        c.assign(wanted);
        seekToRetentionStart(c, added);
        if (startupTargets == null) {
            startupTargets = c.endOffsets(wanted);
            log.info("reading job state from {} partitions of {} and {}", wanted.size(), topics.jobs(), topics.results());
        }
    }

    /** Each partition from its first record younger than the store's retention (or its end: none is). */
    private void seekToRetentionStart(Consumer<String, byte[]> c, Set<TopicPartition> partitions) {
        long from = Instant.now().minus(keepFor).toEpochMilli();
        // Ends first: a record that arrives after this is read, whatever the time lookup says.
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, Duration.ofSeconds(10));
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = found.get(tp);
            if (start == null) {
                c.seek(tp, ends.get(tp));
            } else {
                c.seek(tp, start.offset());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.jobs())) {
                JobRequest request = WireJson.read(record.value(), JobRequest.class);
                if (request.jobId() != null) {
                    store.apply(request, header(record, MessageHeaders.CORRELATION_ID));
                }
            } else {
                store.apply(WireJson.read(record.value(), JobEvent.class));
            }
        } catch (RuntimeException e) {
            // Not ours to fix: the worker dead-letters unreadable jobs; an unreadable event is skipped.
            log.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : MessageHeaders.text(header.value());
    }

    private void recordProgress(Consumer<String, byte[]> c) {
        Map<TopicPartition, Long> now = new HashMap<>();
        for (TopicPartition tp : new ArrayList<>(c.assignment())) {
            now.put(tp, c.position(tp));
        }
        synchronized (progress) {
            positions.putAll(now);
            if (!caughtUp && startupTargets != null && reached(startupTargets)) {
                caughtUp = true;
                log.info("job state caught up: {} jobs", store.size());
            }
            progress.notifyAll();
        }
        lastPoll = Instant.now();
    }

    private boolean reached(Map<TopicPartition, Long> targets) {
        for (var target : targets.entrySet()) {
            Long position = positions.get(target.getKey());
            if (position == null || position < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void sleepBeforeRetry() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
