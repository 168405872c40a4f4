package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a job's time went, in seconds; a phase that did not happen is absent.
 *
 * @param queueWaitSeconds   from submission to the worker picking the job up
 * @param instantiateSeconds a fresh sandbox instance ready to run the program
 * @param executeSeconds     the program itself (and rendering figures left open)
 * @param collectSeconds     reading artifacts out of the sandbox
 * @param uploadSeconds      storing artifacts in S3
 * @param publishSeconds     publishing the RUNNING event (a result cannot time its own publishing)
 * @param totalSeconds       from submission to the result being ready to publish
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseTimings(
        Double queueWaitSeconds,
        Double instantiateSeconds,
        Double executeSeconds,
        Double collectSeconds,
        Double uploadSeconds,
        Double publishSeconds,
        Double totalSeconds) {}
