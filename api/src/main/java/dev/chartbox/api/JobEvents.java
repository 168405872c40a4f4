package dev.chartbox.api;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes job changes to waiting clients: server-sent event streams and long-polls. Writes happen on
 * virtual threads, never on the thread reading Kafka, so a slow client cannot stall the job view.
 */
@Component
public class JobEvents implements DisposableBean {

    private final JobStore store;
    private final JobResponses responses;
    private final ApiProperties properties;
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    public JobEvents(JobStore store, JobResponses responses, ApiProperties properties) {
        this.store = store;
        this.responses = responses;
        this.properties = properties;
    }

    public <T> DeferredResult<T> awaitFinal(String jobId, Duration timeout, Function<JobView, T> answer) {
        DeferredResult<T> result = new DeferredResult<>(timeout.toMillis());
        AutoCloseable subscription = store.subscribe(jobId, view -> {
            if (view.isFinal()) {
                result.setResult(answer.apply(view));
            }
        });
        result.onTimeout(() -> store.find(jobId).ifPresent(view -> result.setResult(answer.apply(view))));
        result.onCompletion(() -> closeQuietly(subscription));
        store.find(jobId).filter(JobView::isFinal).ifPresent(view -> result.setResult(answer.apply(view)));
        return result;
    }

    public SseEmitter stream(String jobId, URI base) {
        SseEmitter emitter = new SseEmitter(properties.sseTimeout().toMillis());
        Stream stream = new Stream(emitter, base);
        AutoCloseable subscription = store.subscribe(jobId, view -> writers.execute(() -> stream.sync(view)));
        stream.subscription = subscription;
        emitter.onCompletion(() -> closeQuietly(subscription));
        emitter.onTimeout(() -> closeQuietly(subscription));
        emitter.onError(e -> closeQuietly(subscription));
        store.find(jobId).ifPresent(view -> writers.execute(() -> stream.sync(view)));
        return emitter;
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }

    /** One client's stream: sends each stage (queued, running, result) once, in order, then ends. */
    private final class Stream {
        private final SseEmitter emitter;
        private final URI base;
        private volatile AutoCloseable subscription;
        private int sent;

        Stream(SseEmitter emitter, URI base) {
            this.emitter = emitter;
            this.base = base;
        }

        synchronized void sync(JobView view) {
            int stage = view.isFinal() ? 3 : view.running() != null ? 2 : 1;
            try {
                while (sent < stage) {
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
                    emitter.complete();
                    closeQuietly(subscription);
                }
            } catch (IOException | IllegalStateException e) {
                closeQuietly(subscription);
                emitter.completeWithError(e);
            }
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
