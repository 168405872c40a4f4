package dev.chartbox.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** The Kafka edge: one record at a time per listener thread, one listener thread per sandbox. */
public class JobListener {

    /** The listener container's id (also the consumer group id, as spring-kafka uses it). */
    public static final String ID = "chartbox-worker";

    private final JobProcessor processor;

    public JobListener(JobProcessor processor) {
        this.processor = processor;
    }

    // Started by SandboxWarmUp once the sandbox is warm, not with the context.
    @KafkaListener(id = ID, topics = "${chartbox.topics.jobs:chartbox.jobs}",
            concurrency = "${chartbox.worker.sandboxes:1}", autoStartup = "false")
    public void onJob(ConsumerRecord<String, byte[]> record) {
        processor.process(record);
    }
}
