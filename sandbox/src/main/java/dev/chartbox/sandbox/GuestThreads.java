package dev.chartbox.sandbox;

import dev.chartbox.guest.ResultArrays;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads guests run on, one per run, at most {@code slots} at once. A run takes a slot, and the
 * slot comes back when its guest thread has really ended, not when the run returned: a guest that
 * does not stop at its deadline (the JVM cannot kill a thread; it is interrupted and the guest is
 * expected to notice within milliseconds) keeps its slot, so no new run starts beside it, and is
 * counted as a runaway ({@link #runaways()}) until it ends.
 */
final class GuestThreads {

    /** How long an interrupted guest gets to stop before its run returns without it. */
    static final Duration STOP_GRACE = Duration.ofMillis(500);

    /** The guest's JVM stack: deep enough for Python's own recursion limit in compiled code. */
    private static final long GUEST_STACK_BYTES = 1L << 30;

    private static final AtomicLong THREADS = new AtomicLong();

    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Semaphore slots;
    private final AtomicInteger runaways = new AtomicInteger();

    GuestThreads(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots = " + slots + ": at least 1");
        }
        this.slots = new Semaphore(slots, true);
    }

    /** Guest threads still running after their run returned (interrupted, not yet stopped). */
    int runaways() {
        return runaways.get();
    }

    /** Waits for a free slot. Close the slot if it is never used to {@link Slot#run run} a guest. */
    Slot take() throws InterruptedException {
        slots.acquire();
        return new Slot();
    }

    /**
     * How a guest thread ended: returned a status, threw, or was still running at the deadline.
     *
     * @param stillRunning   the guest's thread did not stop within {@link #STOP_GRACE} of the deadline
     *                       and runs on (a {@linkplain #runaways() runaway}): its memory is still in use
     * @param allocatedBytes heap the JVM allocated on the guest's thread (its linear memory's growth
     *                       included): what the run cost the host, up to its end or its deadline
     */
    record Ending(Integer status, Throwable thrown, boolean timedOut, boolean stillRunning, long allocatedBytes) {}

    /** One slot: runs one guest, then belongs to the guest thread, which gives it back when it ends. */
    final class Slot implements AutoCloseable {

        private final AtomicBoolean handedOver = new AtomicBoolean();

        /** Runs the guest on a thread of its own; at the deadline interrupts it and waits {@link #STOP_GRACE} at most. */
        Ending run(Callable<Integer> guest, Duration deadline) {
            if (!handedOver.compareAndSet(false, true)) {
                throw new IllegalStateException("a slot runs one guest");
            }
            var state = new AtomicInteger(RUNNING);
            var allocatedAtStart = new AtomicLong(-1);
            var allocated = new AtomicLong(-1);
            var task = new FutureTask<>(guest);
            var thread = new ResultArrays.Carrier(() -> {
                allocatedAtStart.set(ALLOCATION.getCurrentThreadAllocatedBytes());
                try {
                    task.run();
                } finally {
                    allocated.set(ALLOCATION.getCurrentThreadAllocatedBytes() - allocatedAtStart.get());
                    if (!state.compareAndSet(RUNNING, ENDED)) {
                        runaways.decrementAndGet(); // it was abandoned, and has ended now
                    }
                    slots.release();
                }
            }, "chartbox-guest-" + THREADS.incrementAndGet(), GUEST_STACK_BYTES); // a Carrier keeps the result arrays the compiled guest reuses
            thread.setDaemon(true);
            thread.start();
            try {
                if (!thread.join(positive(deadline))) {
                    thread.interrupt(); // Chicory checks for interruption in compiled code and in blocking host calls
                    if (!thread.join(STOP_GRACE) && state.compareAndSet(RUNNING, ABANDONED)) {
                        runaways.incrementAndGet();
                        long sofar = ALLOCATION.getThreadAllocatedBytes(thread.threadId()) - allocatedAtStart.get();
                        return new Ending(null, null, true, true, sofar);
                    }
                    return new Ending(null, null, true, false, allocated.get());
                }
            } catch (InterruptedException e) {
                thread.interrupt();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the guest", e);
            }
            try {
                return new Ending(task.get(), null, false, false, allocated.get());
            } catch (ExecutionException e) {
                return new Ending(null, e.getCause(), false, false, allocated.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("unreachable: the guest's task is done", e);
            }
        }

        private static Duration positive(Duration d) {
            return d.isNegative() || d.isZero() ? Duration.ofNanos(1) : d;
        }

        /** Gives the slot back if no guest took it over. */
        @Override
        public void close() {
            if (handedOver.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }

    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int ABANDONED = 2;
}
