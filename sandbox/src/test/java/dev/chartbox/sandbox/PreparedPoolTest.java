package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PreparedPoolTest {

    /** Waits for a state the background thread reaches on its own; fails after a generous bound. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(end);
            Thread.sleep(5);
        }
    }

    @Test
    void everyTakeHandsOutADistinctItemMadeOnce() throws InterruptedException {
        var made = new AtomicInteger();
        try (var pool = new PreparedPool<>("test-pool", 2, () -> new Object[] {made.incrementAndGet()})) {
            Set<Object[]> taken = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < 20; i++) {
                await(() -> pool.readyCount() == 2);
                try (var lease = pool.take()) {
                    assertThat(taken.add(lease.item())).isTrue();
                }
            }
            assertThat(pool.takenReady()).isEqualTo(20);
            assertThat(pool.madeOnDemand()).isZero();
            await(() -> pool.readyCount() == 2);
            assertThat(made.get()).isEqualTo(22); // the 20 taken and the 2 ready: no item made twice or dropped
        }
    }

    @Test
    void thePoolHoldsAtMostItsSize() throws InterruptedException {
        var made = new AtomicInteger();
        try (var pool = new PreparedPool<>("test-pool", 3, made::incrementAndGet)) {
            await(() -> pool.readyCount() == 3);
            Thread.sleep(100);
            assertThat(made.get()).isEqualTo(3);
            assertThat(pool.readyCount()).isEqualTo(3);
        }
    }

    @Test
    void sizeZeroMakesEveryItemOnTheCallersThread() {
        var threads = new ArrayList<Thread>();
        try (var pool = new PreparedPool<>("test-pool", 0, () -> threads.add(Thread.currentThread()))) {
            pool.take().release();
            pool.take().release();
            assertThat(threads).containsExactly(Thread.currentThread(), Thread.currentThread());
            assertThat(pool.filling()).isFalse();
            assertThat(pool.madeOnDemand()).isEqualTo(2);
        }
    }

    @Test
    void aFailingBackgroundMakeIsRetriedWhileTakesMakeTheirOwn() throws InterruptedException {
        var calls = new AtomicInteger();
        try (var pool = new PreparedPool<>("test-pool", 1, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("first make fails");
            }
            return calls.get();
        })) {
            await(() -> pool.failures() == 1);
            try (var lease = pool.take()) {
                assertThat(lease.item()).isNotNull();
            }
            await(() -> pool.readyCount() == 1); // retried after its pause
            try (var lease = pool.take()) {
                assertThat(lease.item()).isNotNull();
            }
            assertThat(pool.filling()).isTrue();
        }
    }

    @Test
    void closeStopsTheThreadAndDropsWhatIsReadyYetTakesStillWork() throws InterruptedException {
        var made = new AtomicInteger();
        var pool = new PreparedPool<>("test-pool", 2, made::incrementAndGet);
        await(() -> pool.readyCount() == 2);

        pool.close();

        assertThat(pool.filling()).isFalse();
        assertThat(pool.readyCount()).isZero();
        int before = made.get();
        assertThat(pool.take().item()).isEqualTo(before + 1);
        assertThat(pool.madeOnDemand()).isEqualTo(1);
    }

    @Test
    void theNextItemIsMadeOnlyOnceTheLeaseIsClosed() throws InterruptedException {
        var made = new AtomicInteger();
        try (var pool = new PreparedPool<>("test-pool", 1, made::incrementAndGet)) {
            await(() -> pool.readyCount() == 1);

            var lease = pool.take();
            Thread.sleep(200);
            assertThat(made.get()).isEqualTo(1); // the caller's work on the item has the machine to itself

            lease.release();
            lease.close(); // after release: nothing more
            await(() -> pool.readyCount() == 1);
            Thread.sleep(100);
            assertThat(made.get()).isEqualTo(2);
        }
    }
}
