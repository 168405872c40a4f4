package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.kafka.event.ConsumerStoppedEvent;

class ListenerLivenessTest {

    @Test
    void aConsumerStoppedByAnErrorMakesTheWorkerNotLiveButANormalStopDoesNot() {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(ApplicationAvailabilityBean.class);
            context.registerBean(ListenerLiveness.class);
            context.refresh();
            var availability = context.getBean(ApplicationAvailabilityBean.class);
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT); // as Spring Boot does once started

            context.publishEvent(new ConsumerStoppedEvent(this, this, ConsumerStoppedEvent.Reason.NORMAL));
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);

            context.publishEvent(new ConsumerStoppedEvent(this, this, ConsumerStoppedEvent.Reason.ERROR));
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
        }
    }
}
