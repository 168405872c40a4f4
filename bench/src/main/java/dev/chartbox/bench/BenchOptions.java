package dev.chartbox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code bin/chartbox bench} was asked to do.
 *
 * @param programs        the folder of programs (*.py; inputs named by {@code # input:} headers)
 * @param only            if not empty, the names of the programs to run (the rest of the folder is skipped)
 * @param repeat          timed runs per program and engine
 * @param warmup          untimed rounds over all programs on chartbox before the first timed run (C2 needs them)
 * @param engines         the engines to compare
 * @param concurrency     the numbers K of runs at once to measure charts/s at: chartbox sandboxes in one
 *                        JVM, and as many wasmtime-warm and native-warm processes when those engines run
 * @param concurrencyProgram the program those runs repeat (default: the first one expected to succeed)
 * @param concurrencyRuns runs per sandbox or process in each K's phase (default: {@code repeat}, at least 2)
 * @param unseenRepeat    runs per program on {@code chartbox-unseen} and {@code chartbox-cli} (each a fresh JVM: costly), in the first repetitions
 * @param workerWarmup    the worker's warm-up charts each chartbox JVM runs first, the steady engine's
 *                        and each unseen one's ({@link #WORKER_WARM_UP_RUNS} by default)
 * @param json            where to write the results as JSON, if anywhere
 * @param plot            where to draw the ratios as PNG, if anywhere
 * @param help            whether only the usage was asked for
 */
public record BenchOptions(
        Path programs,
        List<String> only,
        int repeat,
        int warmup,
        List<Engine> engines,
        List<Integer> concurrency,
        Optional<String> concurrencyProgram,
        Optional<Integer> concurrencyRuns,
        int unseenRepeat,
        int workerWarmup,
        Optional<Path> json,
        Optional<Path> plot,
        boolean help) {

    /**
     * The warm-up charts a worker has run once it has done its idle warm-up: the defaults of
     * {@code chartbox.worker.warm-up-runs} (5, before it is ready) and {@code idle-warm-up-runs} (75).
     */
    static final int WORKER_WARM_UP_RUNS = 80;

    static final String USAGE = """
            usage: bin/chartbox bench [--programs DIR] [--repeat N] [--warmup N] [--json FILE] [--plot FILE]
                                      [--engines chartbox,chartbox-unseen,wasmtime,native] [--concurrency 1,2]

              --programs DIR      programs to run, *.py (default: the sandbox's chart corpus);
                                  bench/programs/python is the pure-Python set
              --only NAMES        run only these programs of DIR (comma-separated, without .py)
              --repeat N          timed runs per program and engine, interleaved (default 3)
              --warmup N          untimed rounds over all programs on chartbox first, so the JIT has
                                  compiled the guest (default 1)
              --engines LIST      wasmtime, native (each both its -warm and -cold variant), or single
                                  engines: %s (default: all). chartbox: runs in
                                  this JVM, warm ("steady"); chartbox-unseen: each run a fresh JVM
                                  warmed up as a worker is, then the program once ("unseen");
                                  chartbox-cli: bin/chartbox sandbox run, the whole process timed
              --unseen-repeat N   runs per program on chartbox-unseen and chartbox-cli (default 1:
                                  a JVM each, ~1 min and ~10 s)
              --worker-warmup N   the worker's warm-up charts every chartbox JVM runs first, the steady
                                  engine's and each chartbox-unseen one's (default 80: a worker after
                                  its idle warm-up; 5: one just ready; 0: none)
              --concurrency LIST  K runs at once to measure charts/s at: chartbox sandboxes in this JVM,
                                  K wasmtime-warm and native-warm processes if they run (default 1,2;
                                  0 skips it); each K twice, in this order and then in reverse,
                                  with every core free, then (Linux, taskset) confined to K cores
              --concurrency-program NAME
                                  the program those runs repeat (default: the first expected to succeed)
              --concurrency-runs N
                                  runs per sandbox or process in each K's phase (default: --repeat,
                                  at least 2)
              --json FILE         write every number as JSON
              --plot FILE         draw the ratios as PNG (default: beside --json, same name, .png)
            """.formatted(Engine.labels());

    public BenchOptions {
        only = List.copyOf(only);
        engines = List.copyOf(engines);
        concurrency = List.copyOf(concurrency);
    }

    /** Parses the command line; {@code root} is the repository, for the default programs folder. */
    static BenchOptions parse(String[] args, Path root) {
        Path programs = root.resolve("sandbox/src/test/resources/corpus");
        List<String> only = List.of();
        int repeat = 3;
        int warmup = 1;
        List<Engine> engines = List.of(Engine.values());
        List<Integer> concurrency = List.of(1, 2);
        String concurrencyProgram = null;
        Integer concurrencyRuns = null;
        int unseenRepeat = 1;
        int workerWarmup = WORKER_WARM_UP_RUNS;
        Path json = null;
        Path plot = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return new BenchOptions(programs, only, repeat, warmup, engines, concurrency, Optional.empty(), Optional.empty(),
                            unseenRepeat, workerWarmup, Optional.empty(), Optional.empty(), true);
                }
                case "--programs" -> programs = Path.of(value(args, ++i, arg));
                case "--only" -> only = java.util.Arrays.stream(value(args, ++i, arg).split(",")).map(String::strip)
                        .filter(n -> !n.isEmpty()).map(n -> n.endsWith(".py") ? n.substring(0, n.length() - 3) : n).toList();
                case "--repeat" -> repeat = positive(arg, value(args, ++i, arg), 1);
                case "--warmup" -> warmup = positive(arg, value(args, ++i, arg), 0);
                case "--engines" -> engines = Engine.parseList(value(args, ++i, arg));
                case "--concurrency" -> concurrency = concurrencyList(value(args, ++i, arg));
                case "--concurrency-program" -> concurrencyProgram = value(args, ++i, arg);
                case "--concurrency-runs" -> concurrencyRuns = positive(arg, value(args, ++i, arg), 1);
                case "--unseen-repeat" -> unseenRepeat = positive(arg, value(args, ++i, arg), 1);
                case "--worker-warmup" -> workerWarmup = positive(arg, value(args, ++i, arg), 0);
                case "--json" -> json = Path.of(value(args, ++i, arg));
                case "--plot" -> plot = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (plot == null && json != null) {
            String name = json.getFileName().toString();
            plot = json.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".png");
        }
        return new BenchOptions(programs, only, repeat, warmup, engines, concurrency, Optional.ofNullable(concurrencyProgram),
                Optional.ofNullable(concurrencyRuns), unseenRepeat, workerWarmup, Optional.ofNullable(json), Optional.ofNullable(plot), false);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text, int minimum) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= minimum) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number of at least " + minimum + ", not '" + text + "'");
    }

    private static List<Integer> concurrencyList(String text) {
        var ks = new ArrayList<Integer>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                int k = positive("--concurrency", part, 0);
                if (k > 0 && !ks.contains(k)) {
                    ks.add(k);
                }
            }
        }
        return ks;
    }

    boolean runs(Engine engine) {
        return engines.contains(engine);
    }

    boolean runsFamily(String family) {
        return engines.stream().anyMatch(e -> e.family().equals(family));
    }
}
