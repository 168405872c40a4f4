package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.Fingerprints;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobSubmission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepts jobs: validates, applies the Idempotency-Key, publishes, and records the job in this
 * replica's view at once (the materializer reads the same record back later; that changes nothing).
 */
@Service
public class JobService {

    /** How a submission ended: the job, and whether it was an earlier submission replayed. */
    public record Accepted(JobView job, boolean replayed) {}

    private final SubmissionValidator validator;
    private final JobPublisher publisher;
    private final JobMaterializer materializer;
    private final JobStore store;
    private final ApiProperties properties;
    private final Counter submitted;
    private final Clock clock = Clock.systemUTC();
    private final Object[] keyLocks = new Object[64];

    public JobService(SubmissionValidator validator, JobPublisher publisher, JobMaterializer materializer, JobStore store,
            ApiProperties properties, MeterRegistry registry) {
        this.validator = validator;
        this.publisher = publisher;
        this.materializer = materializer;
        this.store = store;
        this.properties = properties;
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new Object();
        }
        this.submitted = Counter.builder("chartbox.jobs.submitted")
                .description("Jobs accepted and published to the jobs topic (idempotent replays not counted)")
                .register(registry);
        Gauge.builder("chartbox.api.jobs.known", store, JobStore::size)
                .description("Jobs in this replica's view (read from Kafka within the topics' retention)")
                .register(registry);
    }

    /**
     * The job id for an Idempotency-Key: a name-based UUID, so every replica derives the same id
     * from the same key without coordinating.
     */
    public static String jobIdFor(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("chartbox:idempotency-key:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Accepted submit(JobSubmission submission, String idempotencyKey, String correlationId) {
        SubmissionValidator.checkIdempotencyKey(idempotencyKey);
        validator.validate(submission);
        String fingerprint = Fingerprints.of(submission);
        if (idempotencyKey == null) {
            return publish(UUID.randomUUID().toString(), submission, null, correlationId);
        }
        String jobId = jobIdFor(idempotencyKey);
        // One key at a time on this replica: a client's quick retry waits for its first attempt.
        synchronized (keyLocks[Math.floorMod(jobId.hashCode(), keyLocks.length)]) {
            Optional<JobView> earlier = findAfterCatchingUp(jobId);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint);
            }
            return publish(jobId, submission, idempotencyKey, correlationId);
        }
    }

    private Accepted publish(String jobId, JobSubmission submission, String idempotencyKey, String correlationId) {
        JobRequest request = JobRequest.of(jobId, Instant.now(clock), submission, idempotencyKey);
        String correlation = correlationId != null && !correlationId.isBlank() ? correlationId : jobId;
        publisher.publish(request, correlation);
        submitted.increment();
        return new Accepted(store.apply(request, correlation), false);
    }

    /**
     * The job as this replica knows it. Right after a start, an id not seen yet waits for the view to
     * catch up (up to chartbox.api.catch-up-timeout) rather than answering 404 for a job it will know.
     */
    public Optional<JobView> find(String jobId) {
        Optional<JobView> known = store.find(jobId);
        if (known.isPresent() || materializer.caughtUp()) {
            return known;
        }
        try {
            materializer.awaitCaughtUp(properties.catchUpTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return store.find(jobId);
    }

    /** Reads the jobs topic up to its current end first, so a key used on another replica is seen. */
    private Optional<JobView> findAfterCatchingUp(String jobId) {
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
        return store.find(jobId).filter(view -> view.submission() != null);
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
