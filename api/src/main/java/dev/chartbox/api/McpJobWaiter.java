package dev.chartbox.api;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Waits, on the caller's thread, for a job's final result, reporting the job as it is at every
 * change and at least every {@code interval} meanwhile. The MCP transport holds a request thread for
 * a tool call anyway, so a blocking wait costs nothing more; it is bounded, and it ends early (with
 * the job as it is) when the api shuts down, before the web server's graceful shutdown waits for it.
 */
@Component
class McpJobWaiter implements SmartLifecycle {

    private final JobStore store;
    private volatile boolean running;

    McpJobWaiter(JobStore store) {
        this.store = store;
    }

    /**
     * The job once final, or as it is when {@code bound} has passed, the thread is interrupted or the
     * api stops. {@code progress} hears the job at every change and every {@code interval}.
     */
    @SuppressWarnings("try") // the subscription only needs closing
    JobView await(JobView start, Duration bound, Duration interval, Consumer<JobView> progress) {
        BlockingQueue<JobView> changes = new LinkedBlockingQueue<>();
        long end = System.nanoTime() + bound.toNanos();
        try (AutoCloseable subscription = store.subscribe(start.jobId(), changes::add)) {
            JobView now = store.find(start.jobId()).orElse(start);
            while (!now.isFinal() && running) {
                progress.accept(now);
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                JobView next = changes.poll(Math.min(left, interval.toNanos()), TimeUnit.NANOSECONDS);
                if (next != null) {
                    now = next;
                }
            }
            return now;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return store.find(start.jobId()).orElse(start);
        } catch (Exception e) {
            throw new IllegalStateException("could not follow job " + start.jobId(), e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
