package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A worker warms its sandbox up before it consumes a job, and says it is not ready meanwhile: the
 * real worker context, real sandbox and an embedded broker. S3 is never reached (no job runs).
 */
@SpringBootTest(classes = WorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "chartbox.worker.warm-up-runs=1",
    "chartbox.worker.idle-warm-up-runs=0",
    "chartbox.s3.endpoint=http://127.0.0.1:9",
    "chartbox.s3.access-key=unused",
    "chartbox.s3.secret-key=unused",
    "management.endpoint.health.probes.enabled=true"
})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(WarmUpTest.Probe.class)
class WarmUpTest {

    /** What the worker looked like when its context had started, before the runners (the warm-up) ran. */
    record AtStart(boolean consuming, ReadinessState readiness, int readinessHttpStatus, double warmUpSeconds) {}

    @TestConfiguration
    static class Probe {
        final AtomicReference<AtStart> atStart = new AtomicReference<>();

        @Bean
        ApplicationListener<ApplicationStartedEvent> recordStateBeforeRunners() {
            return event -> {
                var context = event.getApplicationContext();
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                atStart.set(new AtStart(
                        context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(JobListener.ID).isRunning(),
                        context.getBean(ApplicationAvailability.class).getReadinessState(),
                        readinessStatus(port),
                        context.getBean(MeterRegistry.class)
                                .get("chartbox.worker.warmup").timeGauge().value(TimeUnit.SECONDS)));
            };
        }
    }

    @Autowired
    Probe probe;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void theWorkerIsNotReadyAndDoesNotConsumeUntilItsSandboxIsWarm() {
        AtStart before = probe.atStart.get();
        assertThat(before).isNotNull();
        assertThat(before.consuming()).isFalse();
        assertThat(before.readiness()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(before.readinessHttpStatus()).isEqualTo(503);
        assertThat(before.warmUpSeconds()).isZero();

        assertThat(listeners.getListenerContainer(JobListener.ID).isRunning()).isTrue();
        assertThat(readinessStatus(port)).isEqualTo(200);
        assertThat(meters.get("chartbox.worker.warmup").timeGauge().value(TimeUnit.SECONDS)).isPositive();
    }

    static int readinessStatus(int port) {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
