package dev.chartbox.standalone.soak;

import dev.chartbox.standalone.EmbeddedKafka;
import dev.chartbox.standalone.EmbeddedS3;
import dev.chartbox.standalone.Standalone;
import dev.chartbox.standalone.soak.JobMix.Kind;
import dev.chartbox.standalone.soak.JobMix.Program;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/chartbox soak}: the chaos soak. Starts a KRaft broker, an S3 server and the api in this
 * JVM and workers as processes of their own, submits a seeded mix of jobs (charts, failing and
 * runaway programs, attacks, poison pills) while it SIGKILLs workers, restarts the broker and takes
 * S3 away, then counts every job's final results on the results topic. Exits 0 when every accepted
 * job has exactly one final result, every planned fault happened and no worker died on its own;
 * 1 otherwise; 2 on bad usage. docs/notes/soak.md has the numbers and the reasons.
 */
public final class Soak {

    static final String RESULTS_TOPIC = "chartbox.results";

    /** One accepted job: what it was and when the api took it. */
    record Accepted(int index, Program program, String jobId, Instant at) {}

    /** One fault the soak injected, for the report. */
    record Fault(String what, double atProgress, Duration took) {}

    private final SoakOptions options;
    private final List<String> workerJvm;
    private final String workerClassPath;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Set<String> poisonJobs = ConcurrentHashMap.newKeySet();
    private final List<Fault> faults = new ArrayList<>();
    private final AtomicInteger poisonKills = new AtomicInteger();
    private final AtomicInteger submitRetries = new AtomicInteger();
    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private volatile EmbeddedKafka kafka;
    private EmbeddedS3 s3;
    private ResultLedger ledger;

    Soak(SoakOptions options, List<String> workerJvm, String workerClassPath) {
        this.options = options;
        this.workerJvm = List.copyOf(workerJvm);
        this.workerClassPath = workerClassPath;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("chartbox.root", ".")).toAbsolutePath().normalize();
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(SoakOptions.USAGE);
            return;
        }
        SoakOptions options;
        try {
            options = SoakOptions.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("chartbox soak: " + e.getMessage() + "\n" + SoakOptions.USAGE);
            System.exit(2);
            return;
        }
        // bin/chartbox passes the guest's JIT flags, so worker processes run exactly as its other commands do.
        String flags = System.getProperty("chartbox.soak.worker-jvm-flags", "");
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jvm.addAll(Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList());
        jvm.add("-Xmx" + options.workerHeap());
        jvm.add("-XX:+ExitOnOutOfMemoryError"); // as in the Helm chart: a worker out of heap ends, it does not limp on
        // Workers run this JVM's classes unless told otherwise (e.g. to soak another build of the worker).
        String classPath = System.getProperty("chartbox.soak.worker-class-path", System.getProperty("java.class.path"));
        System.exit(new Soak(options, jvm, classPath).run());
    }

    int run() throws Exception {
        long started = System.nanoTime();
        Path dataDir = options.dataDir().orElse(null);
        if (dataDir == null) {
            dataDir = Files.createTempDirectory("chartbox-soak-");
        }
        Path soakLog = dataDir.resolve("logs").resolve("soak.log");
        Files.createDirectories(soakLog.getParent());
        // Before anything logs: this JVM's log lines go to a file (Spring Boot's logging system would
        // otherwise reconfigure logback for the api's context).
        System.setProperty("chartbox.soak.log", soakLog.toString());
        System.setProperty("logback.configurationFile", "dev/chartbox/standalone/soak/logback-soak.xml");
        System.setProperty("logging.config", "classpath:dev/chartbox/standalone/soak/logback-soak.xml");
        JobMix mix = JobMix.load(options.root());
        List<Program> sequence = mix.sequence(options.jobs(), options.mix(), options.poisonShare(), options.seed());
        System.out.printf("chartbox soak: %d jobs (programs to choose from: %s), %d worker processes (-Xmx%s, warm-up runs %d), data in %s%n",
                options.jobs(), mix.sizes(), options.workers(), options.workerHeap(), options.warmUpRuns(), dataDir);

        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), freePort());
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        s3 = EmbeddedS3.start(0, Optional.empty(), "chartbox", HexFormat.of().formatHex(seed));
        var infrastructure = new Standalone.Infrastructure(kafka.bootstrapServers(), s3.endpoint(), s3.accessKey(), s3.secretKey());
        // Ctrl-C or a kill of this JVM must not leave worker JVMs behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> workers.forEach(WorkerProcess::destroyNow), "soak-stop-workers"));
        Standalone api = null;
        Thread chaos = null;
        Thread watchdog = null;
        try {
            startWorkers(infrastructure, dataDir.resolve("logs"));
            // The api takes the soak's key from a keys file (an api without authentication ignores the property).
            String apiKey = SoakClient.newApiKey();
            Path keys = Files.writeString(dataDir.resolve("api-keys"), SoakClient.keysFileLine(apiKey) + "\n");
            api = Standalone.connect(Standalone.Options.defaults().withApiPort(0).withWorkers(0)
                    .withProperties(Map.of("chartbox.api.auth.api-keys-file", keys.toString())), infrastructure, Optional.empty());
            System.out.printf("soak: broker %s, S3 %s, api %s; logs in %s%n",
                    kafka.bootstrapServers(), s3.endpoint(), api.apiUrl(), soakLog.getParent());
            ledger = new ResultLedger(kafka.bootstrapServers(), RESULTS_TOPIC, this::onRunning);
            watchdog = Thread.ofPlatform().name("soak-watchdog").daemon().start(this::restartDeadWorkers);
            chaos = Thread.ofPlatform().name("soak-chaos").daemon().start(this::injectFaults);

            submit(new SoakClient(api.apiUrl(), apiKey), sequence);
            System.out.printf("soak: all %d jobs accepted after %s; waiting for their results%n", accepted.size(), took(started));
            drain();
        } finally {
            if (chaos != null) {
                chaos.interrupt();
                chaos.join(60_000);
            }
            if (watchdog != null) {
                watchdog.interrupt();
                watchdog.join(5_000);
            }
            for (WorkerProcess worker : workers) {
                worker.stop(30);
            }
            if (ledger != null) {
                ledger.close();
            }
            if (api != null) {
                api.close();
            }
            s3.close();
            kafka.close();
        }
        SoakReport report = new SoakReport(options, List.copyOf(accepted.values()), ledger, faults, workers, poisonKills.get(),
                submitRetries.get(), Duration.ofNanos(System.nanoTime() - started));
        report.print(System.out);
        return report.invariantsHold() ? 0 : 1;
    }

    private void startWorkers(Standalone.Infrastructure infrastructure, Path logs) throws IOException {
        Map<String, Object> properties = infrastructure.appProperties();
        properties.put("chartbox.worker.sandboxes", 1);
        properties.put("chartbox.worker.warm-up-runs", options.warmUpRuns());
        properties.put("chartbox.worker.idle-warm-up-runs", 0); // the soak is about delivery: no CPU spent between its jobs
        properties.put("server.port", 0);
        properties.put("spring.main.banner-mode", "off");
        // A SIGKILLed worker holds its partitions until its session times out: 10 s here, not the
        // clients' 45 s default, so each kill stalls a quarter of the jobs for 10 s, not 45.
        properties.put("spring.kafka.consumer.properties.session.timeout.ms", 10_000);
        properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 3_000);
        for (int slot = 1; slot <= options.workers(); slot++) {
            WorkerProcess worker = new WorkerProcess(slot, workerJvm, workerClassPath, properties, logs);
            worker.start();
            workers.add(worker);
        }
    }

    /** Submits the sequence, never more than {@code inFlight} jobs without a final result at once. */
    private void submit(SoakClient client, List<Program> sequence) throws InterruptedException {
        for (int index = 0; index < sequence.size(); index++) {
            while (accepted.size() - finishedCount() >= options.inFlight()) {
                Thread.sleep(100);
            }
            Program program = sequence.get(index);
            String key = "soak-" + options.seed() + "-" + index;
            String jobId = submitUntilAccepted(client, program.submission(index), key);
            accepted.put(jobId, new Accepted(index, program, jobId, Instant.now()));
            if (program.kind() == Kind.POISON) {
                poisonJobs.add(jobId);
                // a worker may have started it before the api's answer arrived
                ledger.runningWorkerOf(jobId).ifPresent(workerId -> onRunning(jobId, workerId));
            }
        }
    }

    /** Retries with the same Idempotency-Key while the api cannot publish (e.g. the broker is down). */
    private String submitUntilAccepted(SoakClient client, Map<String, Object> submission, String key) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            String problem;
            try {
                var response = client.submit(submission, key);
                if (response.status() == 202 || response.status() == 200) {
                    return response.body().path("id").asString();
                }
                problem = response.status() + " " + response.body();
                if (response.status() < 500 && response.status() != 429) {
                    throw new IllegalStateException("the api refused soak job " + key + ": " + problem);
                }
            } catch (IOException e) {
                problem = e.toString();
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the api did not accept soak job " + key + " in 5 min: " + problem);
            }
            submitRetries.incrementAndGet();
            Thread.sleep(1000);
        }
    }

    /** Waits until every accepted job has a final result, or no new one has come for {@code stall}. */
    private void drain() throws InterruptedException {
        while (finishedCount() < accepted.size() && ledger.sinceLastFinal().compareTo(options.stall()) < 0) {
            Thread.sleep(500);
        }
        // Late duplicates (a job run again after its worker was killed) would come within seconds.
        Thread.sleep(10_000);
    }

    private int finishedCount() {
        int finished = 0;
        for (String jobId : accepted.keySet()) {
            if (!ledger.finalsOf(jobId).isEmpty()) {
                finished++;
            }
        }
        return finished;
    }

    private double progress() {
        return ledger == null ? 0 : (double) finishedCount() / options.jobs();
    }

    /** A poison pill: the worker that announces it is killed, every time. */
    private void onRunning(String jobId, String workerId) {
        if (!poisonJobs.contains(jobId)) {
            return;
        }
        for (WorkerProcess worker : workers) {
            try {
                if (worker.killAndRestart(workerId)) {
                    poisonKills.incrementAndGet();
                    System.out.printf("soak: poison pill %s started on %s: SIGKILLed it%n", jobId, workerId);
                }
            } catch (IOException e) {
                System.err.println("soak: could not restart a worker: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Restarts workers that ended without the soak killing them; a progress line every 30 s. */
    private void restartDeadWorkers() {
        long started = System.nanoTime();
        try {
            for (int tick = 1; !Thread.currentThread().isInterrupted(); tick++) {
                for (WorkerProcess worker : workers) {
                    worker.restartIfDead().ifPresent(code ->
                            System.out.printf("soak: worker slot %d ended on its own (exit %d): restarted%n", worker.slot(), code));
                }
                if (tick % 30 == 0) {
                    int finished = finishedCount();
                    System.out.printf("soak: %s: %d accepted, %d with a final result, %d in flight%n",
                            took(started), accepted.size(), finished, accepted.size() - finished);
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            // the soak is over
        } catch (IOException e) {
            System.err.println("soak: could not restart a worker: " + e);
        }
    }

    /** The planned faults in order of their progress points, each when the run reaches it. */
    private void injectFaults() {
        record Planned(double at, String kind) {}
        List<Planned> plan = new ArrayList<>();
        options.kills().forEach(at -> plan.add(new Planned(at, "kill")));
        options.brokerRestart().ifPresent(at -> plan.add(new Planned(at, "broker")));
        options.s3Outage().ifPresent(at -> plan.add(new Planned(at, "s3")));
        plan.sort((a, b) -> Double.compare(a.at(), b.at()));
        try {
            for (Planned fault : plan) {
                while (progress() < fault.at()) {
                    Thread.sleep(200);
                }
                long start = System.nanoTime();
                String what = switch (fault.kind()) {
                    case "kill" -> killAWorkerMidJob();
                    case "broker" -> restartBroker();
                    default -> takeS3Away();
                };
                Fault done = new Fault(what, progress(), Duration.ofNanos(System.nanoTime() - start));
                synchronized (faults) {
                    faults.add(done);
                }
                System.out.printf("soak: %s (at %.0f %%)%n", what, 100 * fault.at());
            }
        } catch (InterruptedException e) {
            // the soak is over; the report counts the faults that happened
        } catch (Exception e) {
            System.err.println("soak: a fault could not be injected: " + e);
        }
    }

    /** SIGKILLs a worker that is in the middle of a (non-poison) job; any live worker after 30 s without one. */
    private String killAWorkerMidJob() throws InterruptedException, IOException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            for (String workerId : ledger.workersInTheMiddleOfAJob(poisonJobs)) {
                for (WorkerProcess worker : workers) {
                    if (worker.killAndRestart(workerId)) {
                        return "SIGKILL " + workerId + " mid-job";
                    }
                }
            }
            Thread.sleep(100);
        }
        for (WorkerProcess worker : workers) {
            Optional<String> id = worker.liveId();
            if (id.isPresent() && worker.killAndRestart(id.get())) {
                return "SIGKILL " + id.get() + " (idle)";
            }
        }
        throw new IllegalStateException("no live worker to kill");
    }

    private String restartBroker() throws Exception {
        long start = System.nanoTime();
        kafka = kafka.restart();
        return String.format("broker stopped and started again (%.1f s)", (System.nanoTime() - start) / 1e9);
    }

    private String takeS3Away() throws Exception {
        s3.pause();
        try {
            Thread.sleep(options.s3OutageLength().toMillis());
        } finally {
            s3.resume();
        }
        return "S3 unavailable for " + options.s3OutageLength().toSeconds() + " s";
    }

    private static String took(long startNanos) {
        return SoakReport.duration(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
