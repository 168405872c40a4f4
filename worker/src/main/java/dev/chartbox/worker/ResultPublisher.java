package dev.chartbox.worker;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Sends events and results and waits for the broker's acknowledgement, so a failure is retried. */
public class ResultPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;

    public ResultPublisher(KafkaTemplate<String, byte[]> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try {
            template.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new InfrastructureException("publishing to " + record.topic() + " failed: " + e, e);
        }
    }
}
