package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.Fingerprints;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobSubmission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepts jobs for a tenant: validates, applies the tenant's Idempotency-Key and quotas, publishes,
 * and records the job in this replica's view at once (the materializer reads the same record back
 * later; that changes nothing). Job ids are random, so an id says nothing about its key or owner.
 */
@Service
public class JobService {

    /** How a submission ended: the job, and whether it was an earlier submission replayed. */
    public record Accepted(JobView job, boolean replayed) {}

    private final SubmissionValidator validator;
    private final JobPublisher publisher;
    private final JobMaterializer materializer;
    private final JobStore store;
    private final TenantQuotas quotas;
    private final ApiProperties properties;
    private final Counter submitted;
    private final Clock clock = Clock.systemUTC();
    private final Object[] keyLocks = new Object[64];

    public JobService(SubmissionValidator validator, JobPublisher publisher, JobMaterializer materializer, JobStore store,
            TenantQuotas quotas, ApiProperties properties, MeterRegistry registry) {
        this.validator = validator;
        this.publisher = publisher;
        this.materializer = materializer;
        this.store = store;
        this.quotas = quotas;
        this.properties = properties;
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new Object();
        }
        this.submitted = Counter.builder("chartbox.jobs.submitted")
                .description("Jobs accepted and published to the jobs topic (idempotent replays not counted)")
                .register(registry);
        Gauge.builder("chartbox.api.jobs.known", store, JobStore::size)
                .description("Jobs in this replica's view (bounded by chartbox.api.store.*)")
                .register(registry);
        Gauge.builder("chartbox.api.jobs.known.bytes", store, JobStore::estimatedBytes)
                .description("Estimated heap held by the jobs in this replica's view")
                .baseUnit("bytes")
                .register(registry);
    }

    public Accepted submit(String tenant, JobSubmission submission, String idempotencyKey, String correlationId) {
        SubmissionValidator.checkIdempotencyKey(idempotencyKey);
        validator.validate(submission);
        String fingerprint = Fingerprints.of(submission);
        if (idempotencyKey == null) {
            quotas.admitSubmission(tenant);
            return publish(tenant, submission, null, correlationId);
        }
        // One key at a time on this replica: a client's quick retry waits for its first attempt.
        synchronized (keyLocks[Math.floorMod((tenant + '\u0000' + idempotencyKey).hashCode(), keyLocks.length)]) {
            catchUpWithJobsTopic();
            Optional<JobView> earlier = store.findByIdempotencyKey(tenant, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint);
            }
            quotas.admitSubmission(tenant);
            return publish(tenant, submission, idempotencyKey, correlationId);
        }
    }

    private Accepted publish(String tenant, JobSubmission submission, String idempotencyKey, String correlationId) {
        String jobId = UUID.randomUUID().toString();
        JobRequest request = JobRequest.of(jobId, Instant.now(clock), tenant, submission, idempotencyKey);
        String correlation = correlationId != null && !correlationId.isBlank() ? correlationId : jobId;
        publisher.publish(request, correlation);
        submitted.increment();
        return new Accepted(store.apply(request, correlation), false);
    }

    /**
     * The tenant's job as this replica knows it; another tenant's job is not found. Right after a
     * start, an id not seen yet waits for the view to catch up (up to chartbox.api.catch-up-timeout)
     * rather than answering 404 for a job it will know.
     */
    public Optional<JobView> find(String jobId, String tenant) {
        Optional<JobView> known = store.find(jobId, tenant);
        if (known.isPresent() || materializer.caughtUp()) {
            return known;
        }
        try {
            materializer.awaitCaughtUp(properties.catchUpTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return store.find(jobId, tenant);
    }

    /** Reads the jobs topic up to its current end first, so a key used on another replica is seen. */
    private void catchUpWithJobsTopic() {
        try {
            var ends = publisher.jobsEndOffsets(properties.catchUpTimeout());
            if (!materializer.awaitPositions(ends, properties.catchUpTimeout())) {
                throw new IllegalStateException("the job view did not catch up in " + properties.catchUpTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobPublisher.PublishFailedException(e);
        } catch (Exception e) {
            throw new JobPublisher.PublishFailedException(e);
        }
    }

    private static Accepted replay(JobView earlier, String fingerprint) {
        if (!earlier.submission().requestSha256().equals(fingerprint)) {
            throw new RequestRejectedException(HttpStatus.CONFLICT, "idempotency_conflict",
                    "This Idempotency-Key was used for a different request (job " + earlier.jobId() + ").",
                    List.of(new FieldProblem("Idempotency-Key", "was used with a different request body")));
        }
        return new Accepted(earlier, true);
    }
}
