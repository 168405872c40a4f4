package dev.chartbox.api;

import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The in-memory view of the jobs this replica has read from Kafka (or just published), bounded by
 * count, estimated bytes and age ({@link ApiProperties.Store}): the oldest go first. Keeps, per
 * tenant, the jobs in flight and the Idempotency-Keys in use. Thread-safe; listeners hear about
 * every change of a job's view, on the thread that made it, and must not block.
 */
@Component
public class JobStore {

    private record Born(String jobId, Instant at) {}

    private final ApiProperties.Store bounds;
    private final Clock clock;
    private final Map<String, JobView> jobs = new ConcurrentHashMap<>();
    private final Queue<Born> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<JobView>>> listeners = new ConcurrentHashMap<>();

    @Autowired
    public JobStore(ApiProperties properties) {
        this(properties.store(), Clock.systemUTC());
    }

    JobStore(ApiProperties.Store bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    public Optional<JobView> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** The job if this tenant owns it; another tenant's job is as absent as an unknown one. */
    public Optional<JobView> find(String jobId, String tenant) {
        return find(jobId).filter(view -> view.ownedBy(tenant));
    }

    /** The job this tenant submitted with this Idempotency-Key, while it is kept. */
    public Optional<JobView> findByIdempotencyKey(String tenant, String key) {
        String jobId = idempotencyKeys.get(scoped(tenant, key));
        return jobId == null ? Optional.empty() : find(jobId, tenant);
    }

    public int size() {
        return jobs.size();
    }

    /** The estimated heap the kept jobs hold. */
    public long estimatedBytes() {
        return bytes.get();
    }

    /** This tenant's submitted jobs without a final result. */
    public int inFlight(String tenant) {
        AtomicInteger count = inFlight.get(tenant);
        return count == null ? 0 : count.get();
    }

    public JobView apply(JobRequest request, String correlationId) {
        return update(request.jobId(), request.submittedAt(), view -> view.withRequest(request, correlationId));
    }

    public JobView apply(JobEvent event) {
        JobEvent kept = inline(event, (int) Math.min(Integer.MAX_VALUE, bounds.inlineOutput().toBytes()));
        return update(event.jobId(), null, view -> view.withEvent(kept));
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

    /** Drops the oldest jobs while any bound is passed (also called on a timer, for the age bound). */
    public void evictBeyondBounds() {
        Instant horizon = clock.instant().minus(bounds.retention());
        Born head;
        while ((head = order.peek()) != null) {
            boolean over = jobs.size() > bounds.maxJobs() || bytes.get() > bounds.maxBytes().toBytes() || head.at().isBefore(horizon);
            if (!over) {
                return;
            }
            if (order.remove(head)) {
                remove(head.jobId());
            }
        }
    }

    private JobView update(String jobId, Instant submittedAt, UnaryOperator<JobView> change) {
        JobView[] before = new JobView[1];
        JobView after = jobs.compute(jobId, (id, current) -> {
            before[0] = current;
            return change.apply(current == null ? JobView.empty(id) : current);
        });
        if (after.equals(before[0])) {
            return after;
        }
        account(before[0], after);
        if (before[0] == null) {
            order.add(new Born(jobId, submittedAt != null ? submittedAt : clock.instant()));
        }
        for (Consumer<JobView> listener : listeners.getOrDefault(jobId, Set.of())) {
            listener.accept(after);
        }
        evictBeyondBounds();
        return after;
    }

    private void remove(String jobId) {
        JobView gone = jobs.remove(jobId);
        if (gone != null) {
            account(gone, null);
        }
    }

    /** Keeps the byte total, the in-flight counts and the key index in step with one change. */
    private void account(JobView before, JobView after) {
        bytes.addAndGet((after == null ? 0 : after.estimatedBytes()) - (before == null ? 0 : before.estimatedBytes()));
        boolean wasInFlight = before != null && before.inFlight();
        boolean isInFlight = after != null && after.inFlight();
        if (wasInFlight != isInFlight) {
            String owner = (isInFlight ? after : before).submission().owner();
            inFlight.computeIfAbsent(owner, o -> new AtomicInteger()).addAndGet(isInFlight ? 1 : -1);
            inFlight.computeIfPresent(owner, (o, count) -> count.get() == 0 ? null : count);
        }
        JobView keyed = after != null ? after : before;
        var submission = keyed.submission();
        if (submission != null && submission.owner() != null && submission.idempotencyKey() != null) {
            String key = scoped(submission.owner(), submission.idempotencyKey());
            if (after != null) {
                idempotencyKeys.putIfAbsent(key, after.jobId());
            } else {
                idempotencyKeys.remove(key, before.jobId());
            }
        }
    }

    private static String scoped(String tenant, String key) {
        return tenant + '\u0000' + key;
    }

    /**
     * The event with stdout, stderr and the traceback cut to {@code limit} characters: the view keeps
     * a head, and a longer stream is in S3 (the worker's {@code stdoutObject}/{@code stderrObject}).
     */
    static JobEvent inline(JobEvent event, int limit) {
        boolean cutOut = length(event.stdout()) > limit;
        boolean cutErr = length(event.stderr()) > limit;
        JobError error = event.error();
        boolean cutTrace = error != null && length(error.traceback()) > limit;
        boolean cutMessage = error != null && length(error.message()) > limit;
        if (!cutOut && !cutErr && !cutTrace && !cutMessage) {
            return event;
        }
        if (cutTrace || cutMessage) {
            error = new JobError(error.type(), head(error.message(), limit), head(error.traceback(), limit));
        }
        return new JobEvent(event.jobId(), event.status(), event.workerId(), event.startedAt(), event.finishedAt(), event.exitCode(),
                head(event.stdout(), limit), cutOut || Boolean.TRUE.equals(event.stdoutTruncated()) ? Boolean.TRUE : event.stdoutTruncated(),
                head(event.stderr(), limit), cutErr || Boolean.TRUE.equals(event.stderrTruncated()) ? Boolean.TRUE : event.stderrTruncated(),
                error, event.artifacts(), event.timings(), event.guest(), event.requestSha256(), event.stdoutObject(), event.stderrObject(),
                event.display());
    }

    private static String head(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end);
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
