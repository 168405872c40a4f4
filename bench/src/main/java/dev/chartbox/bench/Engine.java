package dev.chartbox.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One way of running a program. "Warm" engines start every run from a process or instance that
 * has already imported numpy, pandas and matplotlib (as chartbox's snapshot has); "cold" engines
 * pay for the program's imports inside its time.
 */
public enum Engine {
    /** The chartbox sandbox on Chicory, in this JVM: a fresh instance restored from the pre-imported snapshot. */
    CHARTBOX("chartbox", "chartbox", true),
    /**
     * The chartbox sandbox in a fresh JVM per run, warmed up as a worker is before it takes jobs
     * ({@code ChicorySandbox.warmUp}, other code than the program), then the program once: a chart
     * the worker has not seen yet, as every user's chart is. {@link #CHARTBOX} is the same run steady.
     */
    CHARTBOX_UNSEEN("chartbox-unseen", "chartbox", true),
    /**
     * {@code bin/chartbox sandbox run} of the program, a fresh JVM per run, timed as a whole process:
     * what a developer's one chart from the command line costs, JVM start and a cold JIT included.
     */
    CHARTBOX_CLI("chartbox-cli", "chartbox", true),
    /** wasmtime (wasmtime-py) on the same python.wasm: a session that ran chartbox's snapshot prelude, then the program as a second turn. */
    WASMTIME_WARM("wasmtime-warm", "wasmtime", true),
    /** wasmtime on the wheel's python-snapshot.wasm, the stdlib's bootstrap only: the program's imports are in its time. */
    WASMTIME_COLD("wasmtime-cold", "wasmtime", false),
    /** Native CPython, a child forked from a process that ran chartbox's snapshot prelude. */
    NATIVE_WARM("native-warm", "native", true),
    /** Native CPython, a new process per run: interpreter start and imports are in its time. */
    NATIVE_COLD("native-cold", "native", false);

    private final String label;
    private final String family;
    private final boolean warm;

    Engine(String label, String family, boolean warm) {
        this.label = label;
        this.family = family;
        this.warm = warm;
    }

    public String label() {
        return label;
    }

    /** The engine process that runs it: "chartbox" (a JVM), "wasmtime" or "native". */
    String family() {
        return family;
    }

    /** The variant the Python engine process is asked for. */
    String variant() {
        return warm ? "warm" : "cold";
    }

    boolean warm() {
        return warm;
    }

    /** A JVM of its own per run (tens of seconds each): runs only in the first {@code --unseen-repeat} repetitions. */
    boolean freshJvmPerRun() {
        return this == CHARTBOX_UNSEEN || this == CHARTBOX_CLI;
    }

    /**
     * Engines named by a comma-separated list: a label ({@code wasmtime-warm}, {@code chartbox},
     * {@code chartbox-unseen}, {@code chartbox-cli}) for that engine, or a family name ({@code wasmtime}, {@code native})
     * for all its engines.
     */
    static List<Engine> parseList(String list) {
        Set<Engine> chosen = EnumSet.noneOf(Engine.class);
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            List<Engine> matched = new ArrayList<>();
            for (Engine e : values()) {
                if (e.label.equals(name)) {
                    matched.add(e);
                }
            }
            if (matched.isEmpty()) {
                for (Engine e : values()) {
                    if (e.family.equals(name)) {
                        matched.add(e);
                    }
                }
            }
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("--engines: unknown engine '" + raw.trim()
                        + "' (known: wasmtime, native, or one of " + labels() + ")");
            }
            chosen.addAll(matched);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--engines: name at least one engine");
        }
        return List.copyOf(chosen);
    }

    static String labels() {
        var names = new ArrayList<String>();
        for (Engine e : values()) {
            names.add(e.label);
        }
        return String.join(", ", names);
    }
}
