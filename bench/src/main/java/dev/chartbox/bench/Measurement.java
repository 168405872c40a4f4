package dev.chartbox.bench;

import java.util.Map;

/**
 * One timed run.
 *
 * @param program    the program's name
 * @param engine     what ran it
 * @param repetition 1-based
 * @param seconds    wall-clock seconds of the run, as the engine defines it (see {@link Engine})
 * @param status     SUCCEEDED, FAILED, or the engine's reason (TIMED_OUT, INTERNAL_ERROR, a trap, ...)
 * @param artifacts  image files the run left
 * @param details    per-phase seconds and memory bytes the engine could measure, by name
 *                   (instantiate, execute, collect, allocated_bytes, linear_memory_bytes, ...)
 */
public record Measurement(String program, Engine engine, int repetition, double seconds, String status, int artifacts,
        Map<String, Double> details) {

    /** The detail holding the program's own time, measured inside the guest (see {@link Program#timedCode()}). */
    static final String PROGRAM_SECONDS = "program_seconds";

    public Measurement {
        details = Map.copyOf(details);
    }
}
