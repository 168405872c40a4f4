package dev.chartbox.api;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes job changes to waiting clients: server-sent event streams and long-polls. Writes happen on
 * virtual threads, never on the thread reading Kafka, so a slow client cannot stall the job view.
 * Open streams get a comment line every {@code chartbox.api.sse-heartbeat} so proxies do not cut a
 * stream that waits minutes for a result; on shutdown they are ended (clients reconnect elsewhere)
 * before the web server's graceful shutdown waits for requests to finish.
 */
@Component
public class JobEvents implements SmartLifecycle {

    private final JobStore store;
    private final JobResponses responses;
    private final ApiProperties properties;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private ExecutorService writers;
    private ScheduledExecutorService heartbeats;

    public JobEvents(JobStore store, JobResponses responses, ApiProperties properties) {
        this.store = store;
        this.responses = responses;
        this.properties = properties;
    }

    /** Answers when the job is final or at the timeout; {@code release} runs once it is answered. */
    public <T> DeferredResult<T> awaitFinal(String jobId, Duration timeout, Function<JobView, T> answer, Runnable release) {
        DeferredResult<T> result = new DeferredResult<>(timeout.toMillis());
        AutoCloseable subscription = store.subscribe(jobId, view -> {
            if (view.isFinal()) {
                result.setResult(answer.apply(view));
            }
        });
        result.onTimeout(() -> store.find(jobId).ifPresent(view -> result.setResult(answer.apply(view))));
        result.onCompletion(() -> {
            closeQuietly(subscription);
            release.run();
        });
        store.find(jobId).filter(JobView::isFinal).ifPresent(view -> result.setResult(answer.apply(view)));
        return result;
    }

    /** A stream of the job's stages; {@code release} runs once it ends, however it ends. */
    public SseEmitter stream(String jobId, URI base, Runnable release) {
        SseEmitter emitter = new SseEmitter(properties.sseTimeout().toMillis());
        Stream stream = new Stream(emitter, base, release);
        open.add(stream);
        stream.subscription = store.subscribe(jobId, view -> writers.execute(() -> stream.sync(view)));
        emitter.onCompletion(stream::release);
        emitter.onTimeout(stream::release);
        emitter.onError(e -> stream.release());
        store.find(jobId).ifPresent(view -> writers.execute(() -> stream.sync(view)));
        return emitter;
    }

    @Override
    public synchronized void start() {
        writers = Executors.newVirtualThreadPerTaskExecutor();
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chartbox-sse-heartbeat").daemon().factory());
        long every = properties.sseHeartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(() -> open.forEach(stream -> writers.execute(stream::heartbeat)), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        open.forEach(Stream::end);
        heartbeats.shutdownNow();
        writers.shutdown();
        heartbeats = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return heartbeats != null;
    }

    /** One client's stream: sends each stage (queued, running, result) once, in order, then ends. */
    private final class Stream {
        private final SseEmitter emitter;
        private final URI base;
        private final Runnable onRelease;
        private volatile AutoCloseable subscription;
        private int sent;
        private boolean ended;

        Stream(SseEmitter emitter, URI base, Runnable onRelease) {
            this.emitter = emitter;
            this.base = base;
            this.onRelease = onRelease;
        }

        synchronized void sync(JobView view) {
            int stage = view.isFinal() ? 3 : view.running() != null ? 2 : 1;
            try {
                while (!ended && sent < stage) {
                    sent++;
                    if (sent == 2 && view.running() == null) {
                        continue;
                    }
                    // Each event shows the job as it was at that stage, even to a client that comes late.
                    JobView atStage = switch (sent) {
                        case 1 -> new JobView(view.jobId(), view.submission(), null, null);
                        case 2 -> new JobView(view.jobId(), view.submission(), view.running(), null);
                        default -> view;
                    };
                    String name = switch (sent) {
                        case 1 -> "queued";
                        case 2 -> "running";
                        default -> "result";
                    };
                    emitter.send(SseEmitter.event().id(Integer.toString(sent)).name(name)
                            .data(responses.of(atStage, base), MediaType.APPLICATION_JSON));
                }
                if (sent == 3) {
                    end();
                }
            } catch (IOException | IllegalStateException e) {
                release();
                emitter.completeWithError(e);
            }
        }

        synchronized void heartbeat() {
            if (ended) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                release();
                emitter.completeWithError(e);
            }
        }

        synchronized void end() {
            if (!ended) {
                release();
                emitter.complete();
            }
        }

        synchronized void release() {
            ended = true;
            open.remove(this);
            closeQuietly(subscription);
            onRelease.run();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to release
        }
    }
}
