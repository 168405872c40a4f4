package dev.chartbox.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** The Kafka edge: one record at a time per listener thread, one listener thread per sandbox. */
public class JobListener {

    private final JobProcessor processor;

    public JobListener(JobProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(id = "chartbox-worker", topics = "${chartbox.topics.jobs:chartbox.jobs}",
            concurrency = "${chartbox.worker.sandboxes:1}")
    public void onJob(ConsumerRecord<String, byte[]> record) {
        processor.process(record);
    }
}
