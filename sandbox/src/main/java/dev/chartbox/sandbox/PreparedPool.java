package dev.chartbox.sandbox;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Items made ahead of demand by one background thread, so a request takes one that is ready
 * instead of waiting while it is made. For the sandbox: snapshot memories, each a copy of the
 * snapshot (~86 MiB of heap), so at most {@code size} of them are held, and each is handed out
 * exactly once.
 *
 * <p>{@link #take()} never waits for the thread: with none ready (demand outran it, size 0, the
 * thread failed, or the pool is closed) the caller makes its own. A failure to make one in the
 * background (say, an OutOfMemoryError) is counted, then retried after a pause; requests make
 * their own meanwhile and meet the failure themselves. {@link #close()} stops the thread and
 * drops what is ready; the pool still serves {@link #take()}, as if its size were 0.
 */
final class PreparedPool<T> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PreparedPool.class.getName());
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Supplier<T> make;
    private final int size;
    private final ConcurrentLinkedQueue<T> ready = new ConcurrentLinkedQueue<>();
    private final Semaphore room;
    private final Thread thread;
    private final AtomicLong takenReady = new AtomicLong();
    private final AtomicLong madeOnDemand = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    PreparedPool(String name, int size, Supplier<T> make) {
        if (size < 0) {
            throw new IllegalArgumentException("size = " + size + " is negative");
        }
        this.make = make;
        this.size = size;
        this.room = new Semaphore(size);
        this.thread = size == 0 ? null : Thread.ofPlatform().name(name).daemon().start(this::fill);
    }

    /**
     * A ready item if there is one, else one made now, on the caller's thread. The thread makes
     * the next one once the lease is closed, not at once: making one (copying 86 MiB, and the
     * garbage collections that allocation triggers) would otherwise compete with the caller's
     * own latency-critical work on the item. Close it as soon as that work is done, and always.
     */
    Lease<T> take() {
        T item = ready.poll();
        if (item != null) {
            takenReady.incrementAndGet();
            return new Lease<>(item, room);
        }
        madeOnDemand.incrementAndGet();
        return new Lease<>(make.get(), null);
    }

    /** A taken item; releasing or closing it (once or more) lets the pool make the next. */
    static final class Lease<T> implements AutoCloseable {

        private final T item;
        private Semaphore room; // null once released, or when the item was made on demand

        private Lease(T item, Semaphore room) {
            this.item = item;
            this.room = room;
        }

        T item() {
            return item;
        }

        /** Lets the pool make the next item; later calls, and {@link #close()}, do nothing more. */
        void release() {
            if (room != null) {
                room.release();
                room = null;
            }
        }

        @Override
        public void close() {
            release();
        }
    }

    private void fill() {
        while (!closed) {
            try {
                room.acquire();
            } catch (InterruptedException e) {
                return; // closed
            }
            T item;
            try {
                item = make.get();
            } catch (RuntimeException | Error e) { // OutOfMemoryError above all: back off, requests make their own
                room.release();
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "cannot prepare an instance ahead of demand; retrying in " + RETRY_AFTER, e);
                try {
                    Thread.sleep(RETRY_AFTER);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            synchronized (this) {
                if (closed) {
                    return; // dropped: close() may already have cleared the queue
                }
                ready.add(item);
            }
        }
    }

    int size() {
        return size;
    }

    /** Items ready to take now. */
    int readyCount() {
        return ready.size();
    }

    /** Takes served by a ready item. */
    long takenReady() {
        return takenReady.get();
    }

    /** Takes that found none ready and made their own. */
    long madeOnDemand() {
        return madeOnDemand.get();
    }

    /** Background attempts that failed. */
    long failures() {
        return failures.get();
    }

    /** Whether the background thread is still alive (false for size 0, and after close). */
    boolean filling() {
        return thread != null && thread.isAlive();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            ready.clear();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5)); // at most one make in flight, then it stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
