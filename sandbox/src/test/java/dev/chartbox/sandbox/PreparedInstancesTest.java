package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Instances restored ahead of demand are as fresh as any, and each serves one run. */
class PreparedInstancesTest {

    private static final String MARK_AND_REPORT = """
            import builtins, json, os, sys
            import matplotlib.pyplot as plt
            print([getattr(builtins, 'mark', None), getattr(json, 'mark', None), 'planted' in sys.modules,
                   sorted(os.listdir('/tmp')), sorted(os.listdir('.')), plt.rcParams['lines.linewidth']])
            builtins.mark = json.mark = %d
            sys.modules['planted'] = json
            plt.rcParams['lines.linewidth'] = 9
            open('/tmp/mark', 'w').write('mark')
            open('mark.txt', 'w').write('mark')""";

    private static final String FRESH = "[None, None, False, [], ['main.py'], 1.5]\n";

    @BeforeAll
    static void warmUp() {
        TestSandbox.shared(); // compiles the guest's hot code once for the JVM
    }

    /** Waits for the background thread to reach a state; fails after a generous bound. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(end);
            Thread.sleep(10);
        }
    }

    @Test
    void runsInARowEachGetAFreshInstanceRestoredBeforeThePreviousRunEnded() throws InterruptedException {
        try (var sandbox = ChicorySandbox.start(2)) {
            var pool = sandbox.preparedPool();
            for (int k = 0; k < 4; k++) {
                await(() -> pool.readyCount() == 2); // both restored before run k-1 ended, or after it
                long takenBefore = pool.takenReady();

                var result = sandbox.run(SandboxRequest.of(MARK_AND_REPORT.formatted(k)));

                assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
                assertThat(result.stdout().text()).as("run %d", k).isEqualTo(FRESH);
                assertThat(pool.takenReady()).as("run %d took a prepared instance", k).isEqualTo(takenBefore + 1);
            }
            assertThat(pool.madeOnDemand()).isZero();
        }
    }

    @Test
    void withNoPreparedInstancesEachRunRestoresItsOwn() {
        try (var sandbox = ChicorySandbox.start(1, 0)) {
            var first = sandbox.run(SandboxRequest.of(MARK_AND_REPORT.formatted(1)));
            var second = sandbox.run(SandboxRequest.of(MARK_AND_REPORT.formatted(2)));

            assertThat(first.stdout().text()).isEqualTo(FRESH);
            assertThat(second.stdout().text()).isEqualTo(FRESH);
            assertThat(sandbox.preparedPool().madeOnDemand()).isEqualTo(2);
            assertThat(sandbox.preparedPool().filling()).isFalse();
        }
    }

    @Test
    void afterCloseNothingIsHeldAheadYetRunsStillWork() throws InterruptedException {
        var sandbox = ChicorySandbox.start(1);
        var pool = sandbox.preparedPool();
        await(() -> pool.readyCount() == 1);

        sandbox.close();

        assertThat(pool.readyCount()).isZero();
        assertThat(pool.filling()).isFalse();
        var result = sandbox.run(SandboxRequest.of(MARK_AND_REPORT.formatted(1)));
        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text()).isEqualTo(FRESH);
        assertThat(pool.madeOnDemand()).isEqualTo(1);
    }

    @Test
    void aRestoredMemoryServesOneInstanceOnly() {
        try (var lease = TestSandbox.shared().preparedPool().take()) {
            var memory = lease.item();
            memory.initialize(null, null);

            assertThatIllegalStateException().isThrownBy(() -> memory.initialize(null, null));
        }
    }
}
