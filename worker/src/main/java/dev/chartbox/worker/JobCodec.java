package dev.chartbox.worker;

import dev.chartbox.sandbox.ImageFormat;
import dev.chartbox.sandbox.Limits;
import dev.chartbox.sandbox.SandboxRequest;
import dev.chartbox.sandbox.SandboxResult;
import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.ChartFormat;
import dev.chartbox.schemas.GuestRef;
import dev.chartbox.schemas.InputFile;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobLimits;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.PhaseTimings;
import dev.chartbox.schemas.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Translates between the wire contract ({@code dev.chartbox.schemas}) and the sandbox: a job
 * record becomes a {@link Job}, an {@link Outcome} becomes a {@link JobEvent} record keyed by the
 * job id with the job's correlation id header.
 */
public class JobCodec {

    private static final long MIB = 1024 * 1024;
    /** Key (a job id), headers (four short ones) and batch framing take far less than this. */
    static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

    /** A canonical UUID, as the api mints job ids: job ids become object keys, so nothing else is let in. */
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** The wire contract's jobId (common.schema.json): an id a final event may carry, even for an unreadable record. */
    private static final Pattern WIRE_JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private final TopicProperties topics;
    private final Limits maxLimits;

    public JobCodec(TopicProperties topics) {
        this(topics, Limits.MAXIMUM);
    }

    /** @param maxLimits the largest limits this worker runs (at most {@link Limits#MAXIMUM}) */
    public JobCodec(TopicProperties topics, Limits maxLimits) {
        this.topics = topics;
        this.maxLimits = maxLimits;
    }

    /** Reads a job record; throws {@link UnreadableJobException} for anything that is not a job request. */
    public Job read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new UnreadableJobException("the record has no value", null);
        }
        JobRequest request;
        try {
            request = WireJson.read(record.value(), JobRequest.class);
        } catch (RuntimeException e) {
            throw new UnreadableJobException("the value is not a job request: " + e.getMessage(), e);
        }
        String jobId = request.jobId() != null ? request.jobId() : record.key();
        if (jobId == null || jobId.isBlank()) {
            throw new UnreadableJobException("the job has no id (neither jobId nor a record key)", null);
        }
        if (!UUID.matcher(jobId).matches()) {
            throw new UnreadableJobException("jobId: not a UUID: '" + cut(jobId, 64) + "'", null);
        }
        if (record.key() != null && !record.key().equals(jobId)) {
            throw new UnreadableJobException("jobId '" + jobId + "' differs from the record key '" + cut(record.key(), 64) + "'", null);
        }
        String correlationId = correlationIdOf(record).orElse(jobId);
        Instant submittedAt = request.submittedAt() != null ? request.submittedAt() : Instant.ofEpochMilli(record.timestamp());
        if (request.code() == null) {
            return Job.rejected(jobId, correlationId, submittedAt, "code: required");
        }
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (InputFile file : request.files() == null ? List.<InputFile>of() : request.files()) {
                if (files.put(file.name(), file.bytes()) != null) {
                    throw new IllegalArgumentException("files: duplicate name '" + file.name() + "'");
                }
            }
            Set<ImageFormat> formats = EnumSet.noneOf(ImageFormat.class);
            for (ChartFormat format : request.formats() == null ? List.<ChartFormat>of() : request.formats()) {
                formats.add(ImageFormat.parse(format.wireName()));
            }
            return Job.runnable(jobId, correlationId, submittedAt,
                    new SandboxRequest(request.code(), files, limits(request.limits(), maxLimits), formats));
        } catch (IllegalArgumentException e) {
            return Job.rejected(jobId, correlationId, submittedAt, e.getMessage());
        }
    }

    /**
     * The sandbox's limits for the wire's: defaults (lowered to {@code max} where above it) where
     * absent; out of the sandbox's range or above {@code max} throws, naming the wire field.
     */
    static Limits limits(JobLimits given, Limits max) {
        JobLimits wire = given == null ? JobLimits.NONE : given;
        Limits limits = defaultsWithin(max);
        if (wire.deadlineSeconds() != null) {
            limits = limits.withDeadline(Duration.ofNanos(Math.round(wire.deadlineSeconds() * 1e9)));
        }
        if (wire.memoryMiB() != null) {
            limits = limits.withMemoryBytes(wire.memoryMiB() * MIB);
        }
        limits = limits.withStreamBytes(
                wire.stdoutBytes() != null ? wire.stdoutBytes() : limits.stdoutBytes(),
                wire.stderrBytes() != null ? wire.stderrBytes() : limits.stderrBytes());
        limits = limits.withOutput(
                wire.maxOutputFiles() != null ? wire.maxOutputFiles() : limits.maxOutputFiles(),
                wire.maxOutputBytes() != null ? wire.maxOutputBytes() : limits.maxOutputBytes());
        try {
            limits.validate();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage()
                    .replaceFirst("^memoryBytes", "memoryMiB (in bytes)")
                    .replaceFirst("^deadline", "deadlineSeconds");
            throw new IllegalArgumentException("limits." + message, e);
        }
        atMost("deadlineSeconds", limits.deadline().toNanos() / 1e9, max.deadline().toNanos() / 1e9);
        atMost("memoryMiB", limits.memoryBytes() / (double) MIB, max.memoryBytes() / (double) MIB);
        atMost("stdoutBytes", limits.stdoutBytes(), max.stdoutBytes());
        atMost("stderrBytes", limits.stderrBytes(), max.stderrBytes());
        atMost("maxOutputFiles", limits.maxOutputFiles(), max.maxOutputFiles());
        atMost("maxOutputBytes", limits.maxOutputBytes(), max.maxOutputBytes());
        return limits;
    }

    private static void atMost(String wireField, double value, double maximum) {
        if (value > maximum) {
            throw new IllegalArgumentException("limits." + wireField + " = " + number(value)
                    + " is above this worker's maximum " + number(maximum));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The sandbox's defaults, each lowered to the operator's maximum where that is below it. */
    static Limits defaultsWithin(Limits max) {
        Limits d = Limits.defaults();
        return new Limits(
                d.deadline().compareTo(max.deadline()) <= 0 ? d.deadline() : max.deadline(),
                Math.min(d.memoryBytes(), max.memoryBytes()),
                Math.min(d.stdoutBytes(), max.stdoutBytes()),
                Math.min(d.stderrBytes(), max.stderrBytes()),
                Math.min(d.maxOutputFiles(), max.maxOutputFiles()),
                Math.min(d.maxOutputBytes(), max.maxOutputBytes()));
    }

    private static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }

    public ProducerRecord<String, byte[]> running(Job job, String workerId) {
        return event(job.id(), Optional.ofNullable(job.correlationId()), JobEvent.running(job.id(), workerId, Instant.now()));
    }

    public ProducerRecord<String, byte[]> result(Outcome outcome) {
        JobStatus status = JobStatus.valueOf(outcome.status());
        var charts = NotebookResults.charts(outcome.run().map(SandboxResult::artifacts).orElse(List.of()));
        JobEvent.Builder event = JobEvent.finished(outcome.jobId(), status)
                .workerId(outcome.workerId())
                .guest(guest(outcome.guestVersion()))
                .artifacts(outcome.artifacts().stream()
                        .map(a -> new ArtifactRef(a.name(), a.contentType(), a.size(), a.sha256(), a.bucket(), a.key(), charts.get(a.name())))
                        .toList())
                .timings(timings(outcome));
        outcome.run().ifPresent(run -> {
            event.exitCode(run.exitCode())
                    .stdout(InlineText.head(run.stdout().text(), InlineText.STREAM_HEAD_BYTES), run.stdout().truncated())
                    .stderr(InlineText.head(run.stderr().text(), InlineText.STREAM_HEAD_BYTES), run.stderr().truncated());
            NotebookResults.display(run, outcome.artifacts().stream().map(StoredArtifact::name).collect(Collectors.toSet()))
                    .ifPresent(event::display);
            outcome.streams().stdout().ifPresent(event::stdoutObject);
            outcome.streams().stderr().ifPresent(event::stderrObject);
            run.error().ifPresent(e -> event.error(new JobError(
                    InlineText.head(e.type(), InlineText.ERROR_MESSAGE_BYTES),
                    InlineText.head(e.message(), InlineText.ERROR_MESSAGE_BYTES),
                    e.traceback().isEmpty() ? null : InlineText.head(e.traceback(), InlineText.TRACEBACK_BYTES))));
        });
        outcome.message().ifPresent(message -> event.error(new JobError(
                status == JobStatus.REJECTED ? "InvalidJob" : "InternalError", InlineText.head(message, InlineText.ERROR_MESSAGE_BYTES), null)));
        ProducerRecord<String, byte[]> record = event(outcome.jobId(), outcome.correlationId(), event.build());
        if (record.value().length > resultBudget()) {
            // Unreachable by construction (docs/notes/pipeline.md, "Records that always fit"); kept as the last line of defence.
            throw new FatalJobException(FatalJobException.INVALID_RESULT, "the result of " + record.value().length
                    + " bytes does not fit in a record of the results topic (at most " + resultBudget() + " bytes)");
        }
        return record;
    }

    /**
     * The largest result value the worker publishes: the results topic's {@code max.message.bytes}
     * less room for the key, headers and the record batch's own overhead.
     */
    int resultBudget() {
        return (int) (topics.resultMaxBytes().toBytes() - RECORD_OVERHEAD_BYTES);
    }

    private static GuestRef guest(String guestVersion) {
        int space = guestVersion.indexOf(' ');
        return space < 0 ? new GuestRef(guestVersion, "") : new GuestRef(guestVersion.substring(0, space), guestVersion.substring(space + 1));
    }

    private static PhaseTimings timings(Outcome outcome) {
        Map<String, Duration> t = outcome.timings();
        SandboxResult run = outcome.run().orElse(null);
        Double total = outcome.submittedAt().map(at -> seconds(Duration.between(at, Instant.now()))).orElse(null);
        return new PhaseTimings(
                seconds(t.get("queueWait")),
                seconds(t.get("instantiate")),
                seconds(t.get("execute")),
                run == null ? null : seconds(run.timings().collect()),
                seconds(t.get("upload")),
                seconds(t.get("publish")),
                total);
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toNanos() / 1e9;
    }

    private ProducerRecord<String, byte[]> event(String jobId, Optional<String> correlationId, JobEvent event) {
        Headers headers = new RecordHeaders();
        headers.add(MessageHeaders.CONTENT_TYPE, MessageHeaders.bytes(MessageHeaders.JSON));
        headers.add(MessageHeaders.SCHEMA_VERSION, MessageHeaders.bytes(MessageHeaders.SCHEMA_VERSION_VALUE));
        headers.add(MessageHeaders.MESSAGE_TYPE, MessageHeaders.bytes(MessageHeaders.TYPE_JOB_EVENT));
        headers.add(MessageHeaders.CORRELATION_ID, MessageHeaders.bytes(correlationId.orElse(jobId)));
        return new ProducerRecord<>(topics.results(), null, jobId, WireJson.write(event), headers);
    }

    /** The job id of a record, even one whose value cannot be read: its key, else a readable jobId. */
    public Optional<String> jobIdOf(ConsumerRecord<String, byte[]> record) {
        if (record.key() != null && !record.key().isBlank()) {
            return Optional.of(record.key()).filter(JobCodec::isWireJobId);
        }
        return readQuietly(record).map(JobRequest::jobId).filter(JobCodec::isWireJobId);
    }

    /** Whether a final event may carry this id: the contract's jobId pattern. */
    static boolean isWireJobId(String id) {
        return id != null && WIRE_JOB_ID.matcher(id).matches();
    }

    public Optional<Instant> submittedAtOf(ConsumerRecord<String, byte[]> record) {
        return readQuietly(record).map(JobRequest::submittedAt)
                .or(() -> record.timestamp() > 0 ? Optional.of(Instant.ofEpochMilli(record.timestamp())) : Optional.empty());
    }

    public Optional<String> correlationIdOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(MessageHeaders.CORRELATION_ID);
        return header == null ? Optional.empty() : Optional.ofNullable(MessageHeaders.text(header.value()));
    }

    private static Optional<JobRequest> readQuietly(ConsumerRecord<String, byte[]> record) {
        try {
            return record.value() == null ? Optional.empty() : Optional.ofNullable(WireJson.read(record.value(), JobRequest.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
