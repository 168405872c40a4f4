package dev.chartbox.sandbox;

import java.time.Duration;

/**
 * What one run may use. Every field has a default ({@link #defaults()}) and a server-side maximum
 * ({@link #MAXIMUM}); {@link #validate()} refuses values above the maximum.
 *
 * @param deadline        wall time from the start of the program to its end; past it: TIMED_OUT
 * @param memoryBytes     the guest's linear memory cap; past it: MEMORY_EXCEEDED
 * @param stdoutBytes     bytes of stdout kept; more is dropped and flagged as truncated
 * @param stderrBytes     bytes of stderr kept; likewise
 * @param maxOutputFiles  files the program may leave as artifacts; more: OUTPUT_LIMIT_EXCEEDED
 * @param maxOutputBytes  total bytes of those artifacts; more: OUTPUT_LIMIT_EXCEEDED
 */
public record Limits(
        Duration deadline,
        long memoryBytes,
        int stdoutBytes,
        int stderrBytes,
        int maxOutputFiles,
        long maxOutputBytes) {

    private static final long MIB = 1024 * 1024;

    /** The largest values a request may ask for. */
    public static final Limits MAXIMUM = new Limits(Duration.ofMinutes(5), 2048 * MIB, (int) (16 * MIB), (int) (16 * MIB), 256, 200 * MIB);

    private static final Limits DEFAULTS = new Limits(Duration.ofSeconds(30), 512 * MIB, (int) MIB, (int) MIB, 32, 20 * MIB);

    public static Limits defaults() {
        return DEFAULTS;
    }

    /** Throws {@link IllegalArgumentException} naming the first field out of range. */
    public Limits validate() {
        check("deadline", deadline.isPositive() && deadline.compareTo(MAXIMUM.deadline) <= 0, deadline, MAXIMUM.deadline);
        check("memoryBytes", memoryBytes >= 64 * MIB && memoryBytes <= MAXIMUM.memoryBytes, memoryBytes, MAXIMUM.memoryBytes);
        check("stdoutBytes", stdoutBytes >= 0 && stdoutBytes <= MAXIMUM.stdoutBytes, stdoutBytes, MAXIMUM.stdoutBytes);
        check("stderrBytes", stderrBytes >= 0 && stderrBytes <= MAXIMUM.stderrBytes, stderrBytes, MAXIMUM.stderrBytes);
        check("maxOutputFiles", maxOutputFiles >= 0 && maxOutputFiles <= MAXIMUM.maxOutputFiles, maxOutputFiles, MAXIMUM.maxOutputFiles);
        check("maxOutputBytes", maxOutputBytes >= 0 && maxOutputBytes <= MAXIMUM.maxOutputBytes, maxOutputBytes, MAXIMUM.maxOutputBytes);
        return this;
    }

    private static void check(String field, boolean ok, Object value, Object maximum) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range (maximum " + maximum + ")");
        }
    }

    public Limits withDeadline(Duration value) {
        return new Limits(value, memoryBytes, stdoutBytes, stderrBytes, maxOutputFiles, maxOutputBytes);
    }

    public Limits withMemoryBytes(long value) {
        return new Limits(deadline, value, stdoutBytes, stderrBytes, maxOutputFiles, maxOutputBytes);
    }

    public Limits withStreamBytes(int stdout, int stderr) {
        return new Limits(deadline, memoryBytes, stdout, stderr, maxOutputFiles, maxOutputBytes);
    }

    public Limits withOutput(int files, long bytes) {
        return new Limits(deadline, memoryBytes, stdoutBytes, stderrBytes, files, bytes);
    }
}
