package dev.chartbox.standalone.soak;

import dev.chartbox.standalone.soak.JobMix.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one soak does. Chaos events are placed by progress (the fraction of jobs with a final
 * result), so a slow machine gets the same faults at the same points of the run as a fast one.
 *
 * @param jobs           jobs to submit
 * @param workers        worker processes at once (two is the most a 2-core machine takes)
 * @param inFlight       accepted jobs without a final result the submitter allows at once
 * @param kills          progress points at which a worker process is SIGKILLed (and restarted)
 * @param brokerRestart  the progress point at which the broker is stopped and started again; empty: never
 * @param s3Outage       the progress point at which S3 stops answering; empty: never
 * @param s3OutageLength how long S3 stays away
 * @param mix            the weights of the other kinds of job
 * @param poisonShare    the share of jobs marked poison (their worker is killed whenever it starts one)
 * @param warmUpRuns     {@code chartbox.worker.warm-up-runs} of each worker JVM
 * @param workerHeap     {@code -Xmx} of each worker JVM
 * @param stall          how long the soak waits without any new final result before it gives up
 * @param seed           the job mix's random seed (the same seed, the same sequence of jobs)
 * @param root           the repository: programs are read from its corpus and attack folders
 * @param dataDir        Kafka's log, worker logs; a new temporary directory when empty
 */
record SoakOptions(int jobs, int workers, int inFlight, List<Double> kills, Optional<Double> brokerRestart,
                          Optional<Double> s3Outage, Duration s3OutageLength, Map<Kind, Double> mix,
                          double poisonShare, int warmUpRuns,
                          String workerHeap, Duration stall, long seed, Path root, Optional<Path> dataDir) {

    static final String USAGE = """
            usage: chartbox soak [--short] [--jobs N] [--workers N] [--in-flight N] [--kills F,F,...]
                                 [--broker-restart F|none] [--s3-outage F|none] [--s3-outage-seconds S]
                                 [--mix chart=W,failing=W,runaway=W,attack=W] [--poison-share P] [--warm-up-runs N] [--worker-heap SIZE]
                                 [--stall-seconds S] [--seed N] [--data DIR]
              F: a fraction of jobs with a final result (0..1) at which the fault happens""";

    public SoakOptions {
        if (jobs < 1 || workers < 1 || inFlight < 1) {
            throw new IllegalArgumentException("--jobs, --workers and --in-flight must be at least 1");
        }
        kills = List.copyOf(kills);
        for (double point : kills) {
            checkFraction("--kills", point);
        }
        brokerRestart.ifPresent(point -> checkFraction("--broker-restart", point));
        s3Outage.ifPresent(point -> checkFraction("--s3-outage", point));
        checkFraction("--poison-share", poisonShare);
        mix = Collections.unmodifiableMap(new EnumMap<>(mix));
        if (mix.values().stream().anyMatch(weight -> weight < 0) || mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("--mix needs weights of at least 0 and one above 0, was " + mix);
        }
        if (mix.containsKey(Kind.POISON)) {
            throw new IllegalArgumentException("--mix takes no poison weight: --poison-share sets it");
        }
    }

    /** The full soak: 1,000 jobs, three kills, a broker restart, 30 s without S3. */
    public static SoakOptions full(Path root) {
        return new SoakOptions(1000, 2, 8, List.of(0.15, 0.45, 0.75), Optional.of(0.30), Optional.of(0.60),
                Duration.ofSeconds(30), mix(0.30, 0.20, 0.15, 0.35), 0.005, 0, "2560m", Duration.ofMinutes(6), 15, root, Optional.empty());
    }

    /** The CI version: 100 jobs (few charts), one kill, a broker restart, 10 s without S3, one poison pill. */
    public static SoakOptions ci(Path root) {
        return new SoakOptions(100, 2, 8, List.of(0.25), Optional.of(0.45), Optional.of(0.65),
                Duration.ofSeconds(10), mix(0.05, 0.40, 0.20, 0.35), 0.01, 0, "2560m", Duration.ofMinutes(3), 15, root, Optional.empty());
    }

    /** Parses the command line; defaults from {@link #full} or, with {@code --short}, {@link #ci}. */
    public static SoakOptions parse(String[] args, Path root) {
        boolean ci = List.of(args).contains("--short");
        SoakOptions o = ci ? ci(root) : full(root);
        int jobs = o.jobs, workers = o.workers, inFlight = o.inFlight, warmUpRuns = o.warmUpRuns;
        List<Double> kills = o.kills;
        Optional<Double> brokerRestart = o.brokerRestart, s3Outage = o.s3Outage;
        Duration s3OutageLength = o.s3OutageLength, stall = o.stall;
        double poisonShare = o.poisonShare;
        Map<Kind, Double> mix = o.mix;
        String workerHeap = o.workerHeap;
        long seed = o.seed;
        Optional<Path> dataDir = o.dataDir;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--short")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--jobs" -> jobs = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--in-flight" -> inFlight = Integer.parseInt(value);
                case "--kills" -> kills = fractions(value);
                case "--broker-restart" -> brokerRestart = optionalFraction(value);
                case "--s3-outage" -> s3Outage = optionalFraction(value);
                case "--s3-outage-seconds" -> s3OutageLength = Duration.ofSeconds(Long.parseLong(value));
                case "--mix" -> mix = mix(value);
                case "--poison-share" -> poisonShare = Double.parseDouble(value);
                case "--warm-up-runs" -> warmUpRuns = Integer.parseInt(value);
                case "--worker-heap" -> workerHeap = value;
                case "--stall-seconds" -> stall = Duration.ofSeconds(Long.parseLong(value));
                case "--seed" -> seed = Long.parseLong(value);
                case "--data" -> dataDir = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new SoakOptions(jobs, workers, inFlight, kills, brokerRestart, s3Outage, s3OutageLength, mix,
                poisonShare, warmUpRuns, workerHeap, stall, seed, root, dataDir);
    }

    private static Map<Kind, Double> mix(double chart, double failing, double runaway, double attack) {
        return Map.of(Kind.CHART, chart, Kind.FAILING, failing, Kind.RUNAWAY, runaway, Kind.ATTACK, attack);
    }

    /** {@code chart=0.3,failing=0.2,...}: kinds not named get no jobs. */
    private static Map<Kind, Double> mix(String value) {
        Map<Kind, Double> mix = new EnumMap<>(Kind.class);
        for (String part : value.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("--mix wants kind=weight,..., was " + value);
            }
            mix.put(Kind.valueOf(pair[0].trim().toUpperCase()), Double.parseDouble(pair[1].trim()));
        }
        return mix;
    }

    private static List<Double> fractions(String value) {
        List<Double> points = new ArrayList<>();
        if (!value.equals("none")) {
            for (String part : value.split(",")) {
                points.add(Double.parseDouble(part.trim()));
            }
        }
        return points;
    }

    private static Optional<Double> optionalFraction(String value) {
        return value.equals("none") ? Optional.empty() : Optional.of(Double.parseDouble(value));
    }

    private static void checkFraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1, was " + value);
        }
    }
}
