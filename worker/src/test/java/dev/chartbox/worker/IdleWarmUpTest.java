package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.ChicorySandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A ready worker goes on warming its real sandbox up while it has no job, and yields to a job at once. */
class IdleWarmUpTest {

    private static ChicorySandbox sandbox;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry, 1);

    @BeforeAll
    static void startSandbox() {
        sandbox = ChicorySandbox.start(1);
    }

    @AfterAll
    static void closeSandbox() {
        sandbox.close();
    }

    @Test
    void aJobStopsTheWarmUpChartInProgressAndWarmingResumesOnlyOnceJobsHaveBeenQuiet() throws Exception {
        try (var idle = new IdleWarmUp(sandbox, 1, 0, metrics)) {
            idle.start();
            awaitTrue(idle::warming, Duration.ofSeconds(30));

            idle.jobStarted();
            awaitTrue(() -> runs("yielded") == 1, Duration.ofSeconds(2)); // the guest stops within milliseconds
            assertThat(idle.warming()).isFalse();
            Thread.sleep(IdleWarmUp.QUIET.toMillis() + 500);
            assertThat(idle.warming()).as("no warm-up chart starts while a job runs").isFalse();
            idle.jobEnded();
            Thread.sleep(IdleWarmUp.QUIET.toMillis() / 2);
            assertThat(idle.warming()).as("nor right after it ends").isFalse();

            awaitTrue(() -> runs("completed") == 1, Duration.ofMinutes(3));
        }
        assertThat(runs("yielded")).isEqualTo(1);
    }

    @Test
    void nothingRunsWithoutIdleWarmUpRuns() throws Exception {
        try (var idle = new IdleWarmUp(sandbox, 0, 0, metrics)) {
            idle.start();
            Thread.sleep(IdleWarmUp.QUIET.toMillis() + 500);
            assertThat(idle.warming()).isFalse();
        }
        assertThat(runs("completed") + runs("yielded")).isZero();
    }

    private double runs(String outcome) {
        return registry.get("chartbox.worker.idle.warmup.runs").tag("outcome", outcome).counter().count();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + atMost);
            }
            Thread.sleep(10);
        }
    }
}
