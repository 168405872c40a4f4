package dev.chartbox.api;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Turns a {@link JobView} into a {@link JobResponse}, making artifact links as configured. Only ever
 * called for the job's owner, so presigned links are minted only for the owner, each short-lived.
 */
@Component
public class JobResponses {

    private static final Logger log = LoggerFactory.getLogger(JobResponses.class);

    private final ApiProperties properties;
    private final ArtifactStore artifacts;
    private final Clock clock = Clock.systemUTC();

    public JobResponses(ApiProperties properties, ArtifactStore artifacts) {
        this.properties = properties;
        this.artifacts = artifacts;
    }

    /** @param base the API's base URI as the client reached it, e.g. {@code http://host:8080} */
    public JobResponse of(JobView view, URI base) {
        JobEvent result = view.result();
        JobEvent started = view.running() != null ? view.running() : result;
        var submission = view.submission();
        return new JobResponse(
                view.jobId(),
                view.status(),
                submission == null ? null : submission.submittedAt(),
                started == null ? null : started.startedAt(),
                result == null ? null : result.finishedAt(),
                started == null ? null : started.workerId(),
                submission == null || submission.metadata().isEmpty() ? null : submission.metadata(),
                result == null ? null : result.exitCode(),
                result == null ? null : result.stdout(),
                result == null ? null : result.stdoutTruncated(),
                result == null || result.stdoutObject() == null ? null : jobPath(base, view.jobId()).path("/stdout").toUriString(),
                result == null ? null : result.stderr(),
                result == null ? null : result.stderrTruncated(),
                result == null || result.stderrObject() == null ? null : jobPath(base, view.jobId()).path("/stderr").toUriString(),
                result == null ? null : result.error(),
                result == null ? null : links(view.jobId(), result.artifacts(), base),
                result == null ? null : result.display(),
                result == null ? null : result.timings(),
                result == null ? null : result.guest(),
                new JobResponse.Links(jobPath(base, view.jobId()).toUriString(),
                        jobPath(base, view.jobId()).path("/events").toUriString()));
    }

    private List<JobResponse.Artifact> links(String jobId, List<ArtifactRef> refs, URI base) {
        if (refs == null) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.artifacts().presignExpiry());
        return refs.stream().map(ref -> {
            String url = null;
            Instant until = null;
            if (properties.artifacts().links() == ApiProperties.LinkMode.PROXY) {
                url = jobPath(base, jobId).path("/artifacts/{name}").buildAndExpand(ref.name()).encode().toUriString();
            } else if (artifacts.configured()) {
                try {
                    url = artifacts.presign(ref, now, expiresAt);
                    until = expiresAt;
                } catch (Exception e) {
                    log.warn("could not presign {}/{}: {}", ref.bucket(), ref.objectKey(), e.toString());
                }
            }
            return new JobResponse.Artifact(ref.name(), ref.contentType(), ref.size(), ref.sha256(), url, until, ref.chart());
        }).toList();
    }

    private static UriComponentsBuilder jobPath(URI base, String jobId) {
        return UriComponentsBuilder.fromUri(base).path("/v1/jobs/").path(jobId);
    }
}
