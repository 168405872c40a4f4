package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a job asks to use; every field is optional (null: the worker's default). Names and units
 * follow the sandbox's {@code Limits}, except memory, which is in MiB here.
 *
 * @param deadlineSeconds wall time of the program; past it: TIMED_OUT
 * @param memoryMiB       the guest's linear memory cap; past it: MEMORY_EXCEEDED
 * @param stdoutBytes     stdout kept; more is dropped and flagged as truncated
 * @param stderrBytes     stderr kept; likewise
 * @param maxOutputFiles  artifact files the program may leave; more: OUTPUT_LIMIT_EXCEEDED
 * @param maxOutputBytes  total bytes of those artifacts; more: OUTPUT_LIMIT_EXCEEDED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobLimits(
        Double deadlineSeconds,
        Integer memoryMiB,
        Integer stdoutBytes,
        Integer stderrBytes,
        Integer maxOutputFiles,
        Long maxOutputBytes) {

    public static final JobLimits NONE = new JobLimits(null, null, null, null, null, null);
}
