package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-tenant quotas ({@link ApiProperties.Quotas}): jobs in flight (from the job view), submissions
 * per minute (a token bucket per tenant on this replica) and open waits (event streams and
 * long-polls on this replica). A refusal is a 429 problem with {@code Retry-After}.
 */
@Component
public class TenantQuotas {

    static final String QUOTA = "quota";
    private static final int FORGET_FULL_BUCKETS_ABOVE = 10_000;

    private final ApiProperties.Quotas quotas;
    private final JobStore store;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openWaits = new ConcurrentHashMap<>();

    public TenantQuotas(ApiProperties properties, JobStore store) {
        this.quotas = properties.quotas();
        this.store = store;
    }

    /** Takes one submission from the tenant's allowance, or refuses with 429. */
    public void admitSubmission(String tenant) {
        if (store.inFlight(tenant) >= quotas.jobsInFlight()) {
            throw new QuotaExceededException("jobsInFlight", "You have " + quotas.jobsInFlight()
                    + " jobs without a result; wait for some to finish.", Duration.ofSeconds(5));
        }
        if (buckets.size() > FORGET_FULL_BUCKETS_ABOVE) {
            long now = System.nanoTime();
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(quotas.submissionsPerMinute()));
        Duration wait = bucket.take(System.nanoTime());
        if (!wait.isZero()) {
            throw new QuotaExceededException("submissionsPerMinute", "More than " + quotas.submissionsPerMinute()
                    + " submissions a minute.", wait);
        }
    }

    /** Opens one wait (event stream or long-poll) for the tenant; run the returned action once it ends. */
    public Runnable openWait(String tenant) {
        AtomicInteger open = openWaits.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (open.incrementAndGet() > quotas.openWaits()) {
            release(tenant, open);
            throw new QuotaExceededException("openWaits", "You have " + quotas.openWaits()
                    + " event streams and long-polls open; close some first.", Duration.ofSeconds(5));
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(tenant, open);
            }
        };
    }

    private void release(String tenant, AtomicInteger open) {
        if (open.decrementAndGet() <= 0) {
            openWaits.remove(tenant, open);
        }
    }

    /** Refills continuously at {@code perMinute}/60 tokens a second, up to {@code perMinute}. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long at = System.nanoTime();

        Bucket(int perMinute) {
            this.capacity = perMinute;
            this.perNano = perMinute / 60e9;
            this.tokens = perMinute;
        }

        synchronized Duration take(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean full(long now) {
            return tokens + (now - at) * perNano >= capacity;
        }
    }

    /** 429: a quota is used up; {@code retryAfter} says when trying again can succeed. */
    public static final class QuotaExceededException extends RequestRejectedException {
        private final Duration retryAfter;

        QuotaExceededException(String quota, String detail, Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, QUOTA, detail, List.of(new FieldProblem(quota, "quota used up")));
            this.retryAfter = retryAfter;
        }

        /** Whole seconds, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
