package dev.chartbox.worker;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The Kafka edge: one record at a time per listener thread, one listener thread per sandbox. Each
 * record's attempts are counted durably ({@link Attempts}); a job delivered again after
 * {@code maxAttempts} attempts that never reached a result (each stopped its worker) is not run
 * again but ends with one INTERNAL_ERROR, so one program cannot take the fleet down worker by worker.
 */
public class JobListener {

    /** The listener container's id (also the consumer group id, as spring-kafka uses it). */
    public static final String ID = "chartbox-worker";

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobProcessor processor;
    private final int maxAttempts;
    private final IdleWarmUp idleWarmUp;

    public JobListener(JobProcessor processor, int maxAttempts, IdleWarmUp idleWarmUp) {
        this.processor = processor;
        this.maxAttempts = maxAttempts;
        this.idleWarmUp = idleWarmUp;
    }

    // Started by SandboxWarmUp once the sandbox is warm, not with the context.
    @KafkaListener(id = ID, topics = "${chartbox.topics.jobs:chartbox.jobs}",
            concurrency = "${chartbox.worker.sandboxes:1}", autoStartup = "false")
    public void onJob(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        int attempt = Attempts.begin(consumer, record);
        if (attempt > 1) {
            log.warn("job {} at {}-{}@{}: attempt {}, after {} that ended without a result (their worker stopped)",
                    Attempts.jobOf(record), record.topic(), record.partition(), record.offset(), attempt, attempt - 1);
        }
        if (attempt > maxAttempts) {
            throw FatalJobException.stoppedWorker(attempt - 1);
        }
        idleWarmUp.jobStarted();
        try {
            processor.process(record);
        } catch (WorkerStoppingException e) {
            // Handed over by a graceful stop, not killed by the job: this attempt does not count.
            Attempts.release(consumer, record, attempt);
            throw e;
        } finally {
            idleWarmUp.jobEnded();
        }
    }
}
