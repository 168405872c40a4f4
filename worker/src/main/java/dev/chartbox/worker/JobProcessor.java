package dev.chartbox.worker;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.GuestInfo;
import dev.chartbox.sandbox.Sandbox;
import dev.chartbox.sandbox.SandboxRequest;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.schemas.StoredObject;
import dev.chartbox.worker.WorkerMetrics.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job, start to end: read it, announce RUNNING, run it in the sandbox, upload its artifacts,
 * publish its final result. Whatever the program does ends as a result; only chartbox's own
 * failures (S3, Kafka) throw, as {@link InfrastructureException}, for the error handler to retry.
 */
public class JobProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final JobCodec codec;
    private final Sandbox sandbox;
    private final ArtifactStore store;
    private final ResultPublisher publisher;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final String guestVersion;
    /** Finished runs whose upload or publish failed: a retry reuses them instead of running the program again. */
    private final Map<String, SandboxResult> finishedRuns;
    private volatile boolean stopping;

    public JobProcessor(JobCodec codec, Sandbox sandbox, ArtifactStore store, ResultPublisher publisher,
                        WorkerMetrics metrics, String workerId, int sandboxes) {
        this.codec = codec;
        this.sandbox = sandbox;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.workerId = workerId;
        GuestInfo guest = sandbox.guest();
        this.guestVersion = guest.name() + " " + guest.version();
        int keep = 2 * sandboxes + 2;
        this.finishedRuns = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SandboxResult> eldest) {
                return size() > keep;
            }
        });
    }

    public String workerId() {
        return workerId;
    }

    public String guestVersion() {
        return guestVersion;
    }

    /** Whether the worker has begun to stop: from then on nothing is published. */
    public boolean stopping() {
        return stopping;
    }

    public void process(ConsumerRecord<String, byte[]> record) {
        Instant received = Instant.now();
        Job job = codec.read(record);
        if (job.rejection().isPresent()) {
            publishFinal(job, Outcome.REJECTED, Optional.empty(), List.of(), Outcome.Streams.NONE, job.rejection(), Map.of());
            return;
        }
        SandboxRequest request = job.request().orElseThrow();
        Map<String, Duration> timings = new LinkedHashMap<>();
        SandboxResult run = finishedRuns.get(job.id());
        if (run == null) {
            Duration queueWait = Duration.between(job.submittedAt(), received);
            timings.put("queueWait", queueWait);
            metrics.phase(Phase.QUEUE_WAIT, queueWait);
            checkNotStopping(job);
            long publishStart = System.nanoTime();
            publisher.send(codec.running(job, workerId));
            timings.put("publish", Duration.ofNanos(System.nanoTime() - publishStart));
            try {
                run = runInSandbox(request);
            } catch (IllegalArgumentException e) {
                // The sandbox refuses what it cannot run at all (e.g. a memory cap below the guest's own size).
                publishFinal(job, Outcome.REJECTED, Optional.empty(), List.of(), Outcome.Streams.NONE, Optional.of(e.getMessage()), timings);
                return;
            }
            if (run.status() == SandboxResult.Status.INTERNAL_ERROR) {
                // chartbox's own failure, not the program's: retried like S3 or Kafka, then dead-lettered.
                throw new SandboxFailureException("the sandbox failed: "
                        + run.error().map(SandboxResult.PythonError::message).orElse("no detail"));
            }
            checkArtifactNames(run);
            finishedRuns.put(job.id(), run);
        }
        timings.put("instantiate", run.timings().instantiate());
        timings.put("execute", run.timings().execute());
        checkNotStopping(job);
        long uploadStart = System.nanoTime();
        List<StoredArtifact> stored = new ArrayList<>();
        for (Artifact artifact : run.artifacts()) {
            String key = store.put(job.id(), artifact);
            stored.add(new StoredArtifact(artifact.name(), artifact.contentType(), artifact.size(), artifact.sha256(), store.bucket(), key));
        }
        var streams = new Outcome.Streams(storeWhenLong(job, "stdout.txt", run.stdout().text()),
                storeWhenLong(job, "stderr.txt", run.stderr().text()));
        Duration upload = Duration.ofNanos(System.nanoTime() - uploadStart);
        timings.put("upload", upload);
        metrics.phase(Phase.UPLOAD, upload);
        publishFinal(job, run.status().name(), Optional.of(run), stored, streams, Optional.empty(), timings);
        finishedRuns.remove(job.id());
        for (StoredArtifact artifact : stored) {
            metrics.artifact(artifact.size());
        }
    }

    /** A name the worker refuses is a chartbox bug that would repeat: one INTERNAL_ERROR, nothing uploaded, no retry. */
    private static void checkArtifactNames(SandboxResult run) {
        for (Artifact artifact : run.artifacts()) {
            ArtifactNames.problem(artifact.name()).ifPresent(problem -> {
                throw new FatalJobException(FatalJobException.INVALID_RESULT, "chartbox refused an artifact name the sandbox returned, '"
                        + ArtifactNames.shown(artifact.name()) + "': " + problem + " (a chartbox bug; nothing was uploaded)");
            });
        }
    }

    private SandboxResult runInSandbox(SandboxRequest request) {
        metrics.sandboxStarted();
        try {
            SandboxResult run = sandbox.run(request);
            metrics.phase(Phase.INSTANTIATE, run.timings().instantiate());
            metrics.phase(Phase.EXECUTE, run.timings().execute());
            metrics.memory(run.memoryBytes());
            return run;
        } finally {
            metrics.sandboxFinished();
        }
    }

    /** A stream longer than a result's inline head is stored whole, so the result can carry a reference. */
    private Optional<StoredObject> storeWhenLong(Job job, String name, String text) {
        if (InlineText.head(text, InlineText.STREAM_HEAD_BYTES).length() == text.length()) {
            return Optional.empty();
        }
        return Optional.of(store.putText(job.id(), name, text));
    }

    private void publishFinal(Job job, String status, Optional<SandboxResult> run, List<StoredArtifact> artifacts,
                              Outcome.Streams streams, Optional<String> message, Map<String, Duration> timings) {
        checkNotStopping(job);
        Outcome outcome = new Outcome(job.id(), Optional.ofNullable(job.correlationId()), status, run, artifacts, message,
                timings, Optional.of(job.submittedAt()), workerId, guestVersion, streams);
        long start = System.nanoTime();
        publisher.send(codec.result(outcome));
        metrics.phase(Phase.PUBLISH, Duration.ofNanos(System.nanoTime() - start));
        metrics.finished(status, Duration.between(job.submittedAt(), Instant.now()));
        log.info("job {} {} ({} artifacts)", job.id(), status, artifacts.size());
    }

    /**
     * Publishes the final result of a job that could not be processed: REJECTED when the record is
     * not a job, INTERNAL_ERROR when chartbox kept failing. Returns false when the record carries no
     * job id, so there is nobody to tell.
     */
    public boolean publishFailure(ConsumerRecord<String, byte[]> record, String status, String message) {
        Optional<String> jobId = codec.jobIdOf(record);
        if (jobId.isEmpty()) {
            return false;
        }
        if (stopping) {
            throw new WorkerStoppingException(jobId.get());
        }
        Optional<Instant> submittedAt = codec.submittedAtOf(record);
        Outcome outcome = new Outcome(jobId.get(), codec.correlationIdOf(record), status, Optional.empty(), List.of(),
                Optional.of(message), Map.of(), submittedAt, workerId, guestVersion, Outcome.Streams.NONE);
        publisher.send(codec.result(outcome));
        finishedRuns.remove(jobId.get());
        metrics.finished(status, submittedAt.map(at -> Duration.between(at, Instant.now())).orElse(Duration.ofNanos(-1)));
        log.warn("job {} {}: {}", jobId.get(), status, message);
        return true;
    }

    private void checkNotStopping(Job job) {
        if (stopping) {
            throw new WorkerStoppingException(job.id());
        }
    }

    /** Called when the worker's context closes, after the listeners had their grace period. */
    @Override
    public void close() {
        stopping = true;
    }
}
