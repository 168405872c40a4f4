package dev.chartbox.worker;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.Sandbox;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Warms the sandbox up, then starts consuming jobs. A fresh JVM interprets the guest's compiled
 * bytecode until HotSpot has compiled it, so its first chart runs tens of seconds slower: that
 * should not be a user's job. The job listener does not start with the context
 * ({@code autoStartup = "false"}); this runner starts it once the warm-up is done. Spring Boot
 * reports readiness ({@code /actuator/health/readiness}) as OUT_OF_SERVICE until every runner has
 * returned, so a rolling update keeps old pods until new ones can work. Warming then goes on while
 * the worker has no job ({@link IdleWarmUp}).
 */
public class SandboxWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SandboxWarmUp.class);

    /** Compiled code is per JVM: several workers in one JVM (standalone, tests) warm up once. */
    private static final Object LOCK = new Object();
    private static int runsDoneInThisJvm;

    private final Sandbox sandbox;
    private final int runs;
    private final WorkerMetrics metrics;
    private final KafkaListenerEndpointRegistry listeners;
    private final IdleWarmUp idleWarmUp;

    public SandboxWarmUp(Sandbox sandbox, int runs, WorkerMetrics metrics, KafkaListenerEndpointRegistry listeners,
                         IdleWarmUp idleWarmUp) {
        this.sandbox = sandbox;
        this.runs = runs;
        this.metrics = metrics;
        this.listeners = listeners;
        this.idleWarmUp = idleWarmUp;
    }

    @Override
    public void run(ApplicationArguments args) {
        Duration took = warmUp();
        metrics.warmedUp(took);
        MessageListenerContainer container = listeners.getListenerContainer(JobListener.ID);
        if (container == null) {
            throw new IllegalStateException("no listener container " + JobListener.ID);
        }
        container.start();
        log.info("consuming jobs after a warm-up of {} ms", took.toMillis());
        idleWarmUp.start();
    }

    private Duration warmUp() {
        if (!(sandbox instanceof ChicorySandbox chicory)) {
            return Duration.ZERO;
        }
        synchronized (LOCK) {
            int missing = runs - runsDoneInThisJvm;
            if (missing <= 0) {
                return Duration.ZERO;
            }
            log.info("warming the sandbox up with {} runs before taking jobs", missing);
            Duration took = chicory.warmUp(missing); // throws when a warm-up chart fails: such a worker must not take jobs
            runsDoneInThisJvm += missing;
            return took;
        }
    }
}
