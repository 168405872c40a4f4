package dev.chartbox.api;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The in-memory view of every job this replica has read from Kafka (or just published). Thread-safe;
 * listeners hear about every change of a job's view, on the thread that made it, and must not block.
 */
@Component
public class JobStore {

    private final Map<String, JobView> jobs = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<JobView>>> listeners = new ConcurrentHashMap<>();

    public Optional<JobView> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    public int size() {
        return jobs.size();
    }

    public JobView apply(JobRequest request, String correlationId) {
        return update(request.jobId(), view -> view.withRequest(request, correlationId));
    }

    public JobView apply(JobEvent event) {
        return update(event.jobId(), view -> view.withEvent(event));
    }

    /**
     * Calls {@code listener} with every later change of the job; close the returned handle to stop.
     * Read the current view after subscribing so no change falls between the two.
     */
    public AutoCloseable subscribe(String jobId, Consumer<JobView> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private JobView update(String jobId, java.util.function.UnaryOperator<JobView> change) {
        JobView[] before = new JobView[1];
        JobView after = jobs.compute(jobId, (id, current) -> {
            before[0] = current;
            return change.apply(current == null ? JobView.empty(id) : current);
        });
        if (!after.equals(before[0])) {
            for (Consumer<JobView> listener : listeners.getOrDefault(jobId, Set.of())) {
                listener.accept(after);
            }
        }
        return after;
    }
}
