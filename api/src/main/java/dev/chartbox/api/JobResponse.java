package dev.chartbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chartbox.schemas.Display;
import dev.chartbox.schemas.GuestRef;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.PhaseTimings;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it: its status and, once final, its result with a link for every artifact.
 * Also the data of every server-sent event. {@code stdoutUrl}/{@code stderrUrl} link to the whole
 * stream when {@code stdout}/{@code stderr} hold only its head (the rest is in S3). {@code display} is
 * the value of the program's last line when it is an expression, as a notebook shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
        String id,
        JobStatus status,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        String workerId,
        Map<String, String> metadata,
        Integer exitCode,
        String stdout,
        Boolean stdoutTruncated,
        String stdoutUrl,
        String stderr,
        Boolean stderrTruncated,
        String stderrUrl,
        JobError error,
        List<Artifact> artifacts,
        Display display,
        PhaseTimings timings,
        GuestRef guest,
        Links links) {

    /**
     * @param url          where to download it: this API's artifact route, or a presigned S3 URL
     * @param urlExpiresAt when a presigned URL stops working (absent for the API's route)
     * @param chart        the chart data of the figure the image was made from, when the sandbox could read it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Artifact(String name, String contentType, long size, String sha256, String url, Instant urlExpiresAt,
            @Schema(ref = "#/components/schemas/" + OpenApiSetup.CHART_DATA) JsonNode chart) {}

    public record Links(String self, String events) {}
}
