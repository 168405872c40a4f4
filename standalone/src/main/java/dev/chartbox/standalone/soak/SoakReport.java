package dev.chartbox.standalone.soak;

import dev.chartbox.standalone.soak.JobMix.Kind;
import dev.chartbox.standalone.soak.ResultLedger.Final;
import dev.chartbox.standalone.soak.Soak.Accepted;
import dev.chartbox.standalone.soak.Soak.Fault;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a soak did and whether the invariants held, as numbers read from the results topic. */
final class SoakReport {

    private static final List<String> FINAL_STATUSES = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "MEMORY_EXCEEDED",
            "OUTPUT_LIMIT_EXCEEDED", "REJECTED", "INTERNAL_ERROR");

    private final SoakOptions options;
    private final List<Accepted> accepted;
    private final List<Fault> faults;
    private final int plannedFaults;
    private final int chaosKills;
    private final int poisonKills;
    private final int deaths;
    private final int restarts;
    private final int submitRetries;
    private final Duration took;
    private final int finalResults;
    private final List<Accepted> withoutFinal = new ArrayList<>();
    private final Map<Accepted, List<Final>> withSeveralFinals = new TreeMap<>((a, b) -> Integer.compare(a.index(), b.index()));
    private final int strangers;
    private final Map<Kind, Map<String, Integer>> statuses = new EnumMap<>(Kind.class);
    private final Map<Kind, List<Duration>> latencies = new EnumMap<>(Kind.class);
    private final List<Duration> allLatencies = new ArrayList<>();
    private int withExpectation;
    private final Map<String, Integer> unexpected = new TreeMap<>();

    SoakReport(SoakOptions options, List<Accepted> accepted, ResultLedger ledger, List<Fault> faults,
               List<WorkerProcess> workers, int poisonKills, int submitRetries, Duration took) {
        this.options = options;
        this.accepted = accepted.stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
        synchronized (faults) {
            this.faults = List.copyOf(faults);
        }
        this.plannedFaults = options.kills().size() + (options.brokerRestart().isPresent() ? 1 : 0) + (options.s3Outage().isPresent() ? 1 : 0);
        this.poisonKills = poisonKills;
        this.chaosKills = workers.stream().mapToInt(WorkerProcess::kills).sum() - poisonKills;
        this.deaths = workers.stream().mapToInt(WorkerProcess::deaths).sum();
        this.restarts = workers.stream().mapToInt(WorkerProcess::restarts).sum();
        this.submitRetries = submitRetries;
        this.took = took;
        int finals = 0;
        Set<String> ours = new HashSet<>();
        for (Accepted job : this.accepted) {
            ours.add(job.jobId());
            List<Final> read = ledger.finalsOf(job.jobId());
            finals += read.size();
            if (read.isEmpty()) {
                withoutFinal.add(job);
                continue;
            }
            if (read.size() > 1) {
                withSeveralFinals.put(job, read);
            }
            Final first = read.getFirst();
            job.program().expected().ifPresent(expected -> {
                withExpectation++;
                if (!expected.equals(first.status())) {
                    unexpected.merge(job.program().name() + ": " + expected + " expected, " + first.status(), 1, Integer::sum);
                }
            });
            statuses.computeIfAbsent(job.program().kind(), k -> new TreeMap<>()).merge(first.status(), 1, Integer::sum);
            Duration latency = Duration.between(job.at(), first.seenAt());
            latencies.computeIfAbsent(job.program().kind(), k -> new ArrayList<>()).add(latency);
            allLatencies.add(latency);
        }
        this.finalResults = finals;
        Set<String> others = new HashSet<>(ledger.jobIds());
        others.removeAll(ours);
        this.strangers = others.size();
    }

    boolean invariantsHold() {
        return accepted.size() == options.jobs() && withoutFinal.isEmpty() && withSeveralFinals.isEmpty() && deaths == 0
                && faults.size() == plannedFaults;
    }

    void print(PrintStream out) {
        out.println();
        out.printf("chartbox soak, seed %d: %d jobs, %d worker processes, took %s%n", options.seed(), options.jobs(), options.workers(), duration(took));
        row(out, "jobs accepted", accepted.size() + (accepted.size() == options.jobs() ? "" : " of " + options.jobs() + "  << FAILED"));
        row(out, "final results (results topic)", finalResults + (strangers == 0 ? "" : " (+ " + strangers + " for jobs the soak did not submit)"));
        row(out, "jobs with 0 final results", withoutFinal.size() + (withoutFinal.isEmpty() ? "" : "  << FAILED"));
        row(out, "jobs with >= 2 final results", withSeveralFinals.size() + (withSeveralFinals.isEmpty() ? "" : "  << FAILED"));
        row(out, "latency, accepted -> final", "p50 " + seconds(percentile(allLatencies, 50)) + ", p99 " + seconds(percentile(allLatencies, 99))
                + ", max " + seconds(percentile(allLatencies, 100)));
        row(out, "worker restarts", restarts + " (" + chaosKills + " chaos SIGKILLs, " + poisonKills + " poison-pill SIGKILLs, "
                + deaths + " ended on their own" + (deaths == 0 ? ")" : ")  << FAILED"));
        row(out, "faults injected", faults.size() + " of " + plannedFaults + (faults.size() == plannedFaults ? "" : "  << FAILED"));
        for (Fault fault : faults) {
            row(out, "", String.format("at %3.0f %%: %s", 100 * fault.atProgress(), fault.what()));
        }
        row(out, "submissions retried", Integer.toString(submitRetries));
        int mismatches = unexpected.values().stream().mapToInt(Integer::intValue).sum();
        row(out, "statuses as their header expects", (withExpectation - mismatches) + " of " + withExpectation
                + " (information: chaos and a cold JVM may time a program out)");
        unexpected.entrySet().stream().limit(15).forEach(e -> row(out, "", e.getValue() + " x " + e.getKey()));
        out.println();
        out.printf("%-8s %5s", "kind", "jobs");
        Set<String> columns = new TreeSet<>((a, b) -> Integer.compare(order(a), order(b)));
        statuses.values().forEach(counts -> columns.addAll(counts.keySet()));
        for (String status : columns) {
            out.printf(" %" + Math.max(6, status.length()) + "s", status);
        }
        out.printf(" %8s %8s%n", "p50", "p99");
        for (Kind kind : Kind.values()) {
            long jobs = accepted.stream().filter(job -> job.program().kind() == kind).count();
            if (jobs == 0) {
                continue;
            }
            out.printf("%-8s %5d", kind.name().toLowerCase(), jobs);
            Map<String, Integer> counts = statuses.getOrDefault(kind, Map.of());
            for (String status : columns) {
                out.printf(" %" + Math.max(6, status.length()) + "d", counts.getOrDefault(status, 0));
            }
            List<Duration> kindLatencies = latencies.getOrDefault(kind, List.of());
            out.printf(" %8s %8s%n", seconds(percentile(kindLatencies, 50)), seconds(percentile(kindLatencies, 99)));
        }
        for (Accepted job : withoutFinal.stream().limit(10).toList()) {
            out.printf("no final result: job %s (#%d, %s %s)%n", job.jobId(), job.index(), job.program().kind().name().toLowerCase(), job.program().name());
        }
        withSeveralFinals.entrySet().stream().limit(10).forEach(e -> out.printf("%d final results: job %s (#%d, %s %s): %s%n",
                e.getValue().size(), e.getKey().jobId(), e.getKey().index(), e.getKey().program().kind().name().toLowerCase(),
                e.getKey().program().name(), e.getValue().stream().map(Final::status).toList()));
        out.println(invariantsHold() ? "soak: every invariant held" : "soak: an invariant FAILED");
    }

    private static int order(String status) {
        int at = FINAL_STATUSES.indexOf(status);
        return at < 0 ? FINAL_STATUSES.size() + status.hashCode() : at;
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("%-32s %s%n", name, value);
    }

    /** The nearest-rank percentile; null for no values. */
    static Duration percentile(List<Duration> values, int percent) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
    }
}
