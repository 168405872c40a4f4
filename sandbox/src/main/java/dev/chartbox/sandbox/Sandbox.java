package dev.chartbox.sandbox;

/**
 * Runs one Python program in a fresh, isolated WebAssembly instance of CPython with numpy, pandas
 * and matplotlib, and says how it ended.
 *
 * <p>{@link #run} never throws for anything the program does: a Python exception, a trap, a
 * deadline, a memory or output limit all come back as a {@link SandboxResult} with the matching
 * {@link SandboxResult.Status}. Nothing of one run (files, globals, imported-module state) is
 * visible to the next. Implementations are thread-safe: concurrent calls run in separate
 * instances.
 */
public interface Sandbox extends AutoCloseable {

    SandboxResult run(SandboxRequest request);

    /**
     * Guest threads still running although their run returned (interrupted at the deadline, not yet
     * stopped). Each keeps its slot until it ends, so this many runs fewer can start.
     */
    int runawayThreads();

    /** Facts about the guest and how it runs, for logs, results and {@code sandbox info}. */
    GuestInfo guest();

    @Override
    void close();
}
