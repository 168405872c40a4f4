package dev.chartbox.standalone;

import dev.chartbox.worker.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/chartbox bench system [--jobs N] [--bursts B] [--sandboxes K] [--program FILE] [--at-readiness]}:
 * the benchmark's system load run. Starts the whole system as {@code bin/chartbox up} does (Kafka, S3,
 * the api and a worker in one JVM), waits until the worker is ready and has done its idle warm-up
 * (as a worker that has served a while; {@code --at-readiness}: as soon as it is ready, as a worker
 * just started), submits N jobs at once over
 * HTTP (default 30 of {@code up}'s demo bar chart) and long-polls each job until its final result, as a
 * client waits; {@code --bursts B}: B such bursts, each after the last has finished (the first burst
 * is also the first work of the api, Kafka and S3 paths, which the JIT then compiles beside the
 * guests; later ones show a system that has served). Prints charts/s per burst (first submission to
 * last final result) and each job's latency from its POST to its final result, queue included, as a
 * Markdown table.
 */
public final class SystemLoad {

    private static final String USAGE = "usage: chartbox bench system [--jobs N] [--bursts B] [--sandboxes K] [--program FILE] [--at-readiness]";

    /** Long-polls open at once: below the api's 20 per tenant. */
    private static final int POLLERS = 16;

    private SystemLoad() {}

    public static void main(String[] args) throws Exception {
        int jobs = 30;
        int bursts = 1;
        int sandboxes = 1;
        String code = Up.DEMO;
        String program = "up's demo bar chart";
        boolean atReadiness = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--bursts" -> bursts = Integer.parseInt(args[++i]);
                case "--sandboxes" -> sandboxes = Integer.parseInt(args[++i]);
                case "--program" -> {
                    Path file = Path.of(args[++i]);
                    code = Files.readString(file);
                    program = file.getFileName().toString();
                }
                case "--at-readiness" -> atReadiness = true;
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        var defaults = Standalone.Options.defaults();
        // The load run is one tenant pushing load on purpose: its quotas must not be what it measures.
        var options = new Standalone.Options(0, Optional.empty(), 1, sandboxes, defaults.extra(), Optional.empty())
                .withProperties(Map.of("chartbox.api.quotas.jobs-in-flight", Math.max(100, jobs),
                        "chartbox.api.quotas.submissions-per-minute", Math.max(120, jobs * bursts)));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.err.println("chartbox bench system: starting Kafka (KRaft), S3, the api and a worker with " + sandboxes + " sandbox(es)");
        try (Standalone system = Standalone.start(options, Optional.empty())) {
            long started = System.nanoTime();
            var worker = system.workers().get(0);
            awaitReady(Standalone.actuatorUrl(worker).resolve("/actuator/health/readiness"), Duration.ofMinutes(15));
            System.err.printf("chartbox bench system: the worker is ready (warmed up) after %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (!atReadiness) {
                awaitIdleWarmUp(worker, Duration.ofMinutes(15));
                System.err.printf("chartbox bench system: the worker's idle warm-up is done after %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
            var client = new ChartboxClient(system.apiUrl(), system.apiKey());
            var submission = Map.<String, Object>of("code", code, "limits", Map.of("deadlineSeconds", 300));
            var runs = new ArrayList<Burst>();
            for (int b = 1; b <= bursts; b++) {
                System.err.printf("chartbox bench system: burst %d of %d: submitting %d jobs%n", b, bursts, jobs);
                runs.add(burst(client, submission, jobs));
            }
            int cpus = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "%nSystem load run: `bin/chartbox bench system %s`, %s, a worker %s, %d CPUs, load average %.1f before start and %.1f at the end.%n%n",
                    String.join(" ", args), program, atReadiness ? "just ready" : "after its idle warm-up", cpus, load, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.println("| burst | jobs | sandboxes | wall (first POST to last result) | charts/s | charts/s per core | latency p50 | latency p99 | max | statuses |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (int b = 0; b < runs.size(); b++) {
                Burst run = runs.get(b);
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f s | %.2f | %.2f | %.1f s | %.1f s | %.1f s | %s |%n", b + 1, jobs, sandboxes, run.wall(),
                        jobs / run.wall(), jobs / run.wall() / cpus, percentile(run.latencies(), 0.50), percentile(run.latencies(), 0.99),
                        run.latencies()[jobs - 1], run.statuses());
            }
            System.out.println("\nLatency: from a job's POST to its final result as GET /v1/jobs/{id} reports it (queue, run, upload, results topic).");
            System.out.println("Median seconds per job, as its result's `timings` report them:");
            for (int b = 0; b < runs.size(); b++) {
                System.out.println("- burst " + (b + 1) + ": " + medianTimings(runs.get(b).results()));
            }
        }
        System.exit(0);
    }

    private record Submitted(String id, long at) {}

    /** One burst's wall time (first POST to last final result), sorted latencies and final results. */
    private record Burst(double wall, double[] latencies, JsonNode[] results) {

        /** How many results ended in each status. */
        Map<String, Integer> statuses() {
            return Arrays.stream(results).map(result -> result.path("status").asString())
                    .collect(Collectors.toMap(status -> status, status -> 1, Integer::sum, TreeMap::new));
        }
    }

    /** Submits the jobs at once and long-polls each until its final result. */
    private static Burst burst(ChartboxClient client, Map<String, Object> submission, int jobs) throws Exception {
        long first = System.nanoTime();
        var submitted = new ArrayList<Submitted>();
        for (int i = 0; i < jobs; i++) {
            long at = System.nanoTime();
            var accepted = client.submit(submission, null);
            if (accepted.status() != 202) {
                throw new IOException("the api refused job " + i + " (" + accepted.status() + "): " + accepted.body());
            }
            submitted.add(new Submitted(accepted.body().path("id").asString(), at));
        }
        // Long-polls as a client waits, at most POLLERS at once (the api allows a tenant 20), oldest
        // job first: jobs finish in about the order they were queued, so each poll ends as its job does.
        long[] finished = new long[jobs];
        JsonNode[] results = new JsonNode[jobs];
        var next = new AtomicInteger();
        int pollers = Math.min(POLLERS, jobs);
        var polls = new ArrayList<Future<?>>();
        try (var threads = Executors.newFixedThreadPool(pollers)) {
            for (int t = 0; t < pollers; t++) {
                polls.add(threads.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < jobs; ) {
                        results[i] = client.awaitFinal(submitted.get(i).id(), Duration.ofMinutes(30));
                        finished[i] = System.nanoTime();
                    }
                    return null;
                }));
            }
            for (var poll : polls) {
                poll.get(); // a poller's failure fails the run
            }
        }
        double wall = (Arrays.stream(finished).max().orElseThrow() - first) / 1e9;
        double[] latencies = IntStream.range(0, jobs).mapToDouble(i -> (finished[i] - submitted.get(i).at()) / 1e9).toArray();
        Arrays.sort(latencies);
        return new Burst(wall, latencies, results);
    }

    /** Each phase of the results' {@code timings}, as "phase median", in the order the first result lists them. */
    static String medianTimings(JsonNode[] results) {
        var phases = new ArrayList<String>();
        results[0].path("timings").propertyNames().forEach(phases::add);
        return phases.stream().map(phase -> {
            double[] seconds = Arrays.stream(results).map(result -> result.path("timings").path(phase))
                    .filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble).sorted().toArray();
            return String.format(Locale.ROOT, "%s %.3f", phase.replace("Seconds", ""), percentile(seconds, 0.50));
        }).collect(Collectors.joining(", "));
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Waits until the worker has run all its idle warm-up charts ({@code chartbox.worker.idle-warm-up-runs}). */
    private static void awaitIdleWarmUp(ConfigurableApplicationContext worker, Duration timeout) throws IOException, InterruptedException {
        int runs = worker.getBean(WorkerProperties.class).idleWarmUpRuns();
        var completed = worker.getBean(MeterRegistry.class).get("chartbox.worker.idle.warmup.runs").tag("outcome", "completed").counter();
        long end = System.nanoTime() + timeout.toNanos();
        while (completed.count() < runs) {
            if (System.nanoTime() > end) {
                throw new IOException("the worker's idle warm-up was not done after " + timeout.toMinutes() + " minutes");
            }
            Thread.sleep(500);
        }
    }

    private static void awaitReady(URI readiness, Duration timeout) throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                var response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IOException("the worker was not ready after " + timeout.toMinutes() + " minutes (" + readiness + ")");
    }
}
