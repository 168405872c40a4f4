package dev.chartbox.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;

/**
 * A job listener whose consumer stopped on its own (a JVM {@link Error} escaped a job, the consumer
 * was fenced or lost its credentials) leaves a worker that looks healthy but consumes nothing. Such
 * a worker reports itself not live ({@code /actuator/health/liveness} DOWN), so Kubernetes restarts
 * it; the job it was running keeps its uncommitted offset and counts one attempt ({@link Attempts}).
 */
public class ListenerLiveness {

    private static final Logger log = LoggerFactory.getLogger(ListenerLiveness.class);

    private final ApplicationEventPublisher events;

    public ListenerLiveness(ApplicationEventPublisher events) {
        this.events = events;
    }

    @EventListener
    public void onConsumerStopped(ConsumerStoppedEvent event) {
        if (event.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            log.error("a job consumer stopped ({}): this worker reports itself broken so that it is restarted", event.getReason());
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }
}
