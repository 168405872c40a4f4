package dev.chartbox.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * How one run ended.
 *
 * @param status    the outcome; see {@link Status}
 * @param exitCode  the program's exit status (0 on success, 1 after an uncaught exception, the
 *                  code passed to {@code sys.exit}); -1 when the run did not end on its own
 * @param stdout    what the program printed, capped at {@link Limits#stdoutBytes()}
 * @param stderr    likewise for stderr (the traceback of an uncaught exception lands here too)
 * @param error     the uncaught Python exception, or the reason a limit stopped the run
 * @param artifacts image files the program wrote, then figures it left open, in that order
 * @param timings   where the time went
 * @param memoryBytes the guest's linear memory when the run ended, in bytes: its peak, since linear
 *                  memory never shrinks (at least the snapshot's memory; 0 when the run never started)
 * @param hostAllocatedBytes heap the JVM allocated while the guest ran, on its thread: its linear
 *                  memory's growth, host calls' buffers, compiled code's temporaries. Garbage soon,
 *                  but what the run cost the host; -1 when unknown
 * @param display   the value of the program's last line when it is an expression, as a notebook
 *                  shows it; empty when the program ends in a statement, the value is None, or the
 *                  run did not succeed
 */
public record SandboxResult(
        Status status,
        int exitCode,
        CapturedOutput stdout,
        CapturedOutput stderr,
        Optional<PythonError> error,
        List<Artifact> artifacts,
        Timings timings,
        long memoryBytes,
        long hostAllocatedBytes,
        Optional<Display> display) {

    public SandboxResult {
        artifacts = List.copyOf(artifacts);
    }

    /** A result without a last value. */
    public SandboxResult(Status status, int exitCode, CapturedOutput stdout, CapturedOutput stderr, Optional<PythonError> error,
            List<Artifact> artifacts, Timings timings, long memoryBytes, long hostAllocatedBytes) {
        this(status, exitCode, stdout, stderr, error, artifacts, timings, memoryBytes, hostAllocatedBytes, Optional.empty());
    }

    public enum Status {
        /** The program ended with exit code 0. */
        SUCCEEDED,
        /** The program raised, exited non-zero, trapped, or recursed too deep. */
        FAILED,
        /** The wall-clock deadline passed; the run was interrupted. */
        TIMED_OUT,
        /** The program needed more linear memory than its cap. */
        MEMORY_EXCEEDED,
        /** The program left more, or larger, output files than allowed, or filled its file system. */
        OUTPUT_LIMIT_EXCEEDED,
        /** chartbox itself failed; not the program's fault. */
        INTERNAL_ERROR
    }

    /**
     * Text a stream carried (decoded as UTF-8, invalid bytes replaced).
     *
     * @param truncated whether the program wrote more than was kept
     */
    public record CapturedOutput(String text, boolean truncated) {
        public static final CapturedOutput EMPTY = new CapturedOutput("", false);
    }

    /**
     * An uncaught exception, or the reason a limit stopped the run.
     *
     * @param type      the exception's qualified type, e.g. {@code ZeroDivisionError} or
     *                  {@code pandas.errors.ParserError}; for limits, e.g. {@code TimeoutError}
     * @param message   its message
     * @param traceback the formatted traceback as Python prints it (empty when none)
     */
    public record PythonError(String type, String message, String traceback) {}

    /**
     * What a notebook shows for the program's last value (written inside the guest: untrusted text).
     *
     * @param type     the value's qualified Python type, e.g. {@code pandas.DataFrame}
     * @param text     its repr, at most 10,000 characters (longer is cut and says so)
     * @param html     an HTML table, for a pandas DataFrame or Styler (at most 100,000 characters)
     * @param artifact for a figure (or an axes or artists on one), the name of the image artifact it
     *                 was saved or rendered as, a PNG when there is one
     */
    public record Display(String type, String text, Optional<String> html, Optional<String> artifact) {}
}
