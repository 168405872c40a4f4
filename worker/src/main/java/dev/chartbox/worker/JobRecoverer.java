package dev.chartbox.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * What happens to a record the worker gave up on: it goes to the dead-letter topic (with the
 * exception in its headers) and, when its job id can be read, the job gets a final result, so no
 * accepted job is silently dropped. Unreadable records end REJECTED, the rest INTERNAL_ERROR: after
 * the retry budget, or at once for a {@link FatalJobException}.
 */
public class JobRecoverer implements ConsumerRecordRecoverer {

    private final DeadLetterPublishingRecoverer deadLetters;
    private final JobProcessor processor;
    private final WorkerMetrics metrics;

    public JobRecoverer(DeadLetterPublishingRecoverer deadLetters, JobProcessor processor, WorkerMetrics metrics) {
        this.deadLetters = deadLetters;
        this.processor = processor;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        var jobRecord = (ConsumerRecord<String, byte[]>) record;
        if (processor.stopping()) {
            // Leave the record uncommitted: the next owner of the partition runs it again.
            throw new WorkerStoppingException(String.valueOf(record.key()));
        }
        Throwable cause = rootCause(exception);
        deadLetters.accept(record, exception);
        if (cause instanceof FatalJobException fatal) {
            metrics.deadLettered(fatal.reason());
            processor.publishFailure(jobRecord, Outcome.INTERNAL_ERROR, fatal.getMessage());
            return;
        }
        boolean unreadable = cause instanceof UnreadableJobException;
        metrics.deadLettered(unreadable ? "unreadable" : "retries_exhausted");
        if (unreadable) {
            processor.publishFailure(jobRecord, Outcome.REJECTED, "not a readable job request: " + cause.getMessage());
        } else {
            processor.publishFailure(jobRecord, Outcome.INTERNAL_ERROR,
                    "chartbox could not finish the job after retries: " + cause.getMessage());
        }
    }

    static Throwable rootCause(Throwable exception) {
        Throwable t = exception;
        while (t.getCause() != null && !(t instanceof UnreadableJobException) && !(t instanceof InfrastructureException)
                && !(t instanceof FatalJobException)) {
            t = t.getCause();
        }
        return t;
    }
}
