package dev.chartbox.standalone.soak;

import dev.chartbox.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One worker slot of the soak: a worker JVM of its own (main class {@link WorkerApplication}), which can be SIGKILLed and started again. Each start is a new
 * generation with a new worker id ({@code w1.2}: slot 1, second process), so a RUNNING event
 * names the very process that took the job. Output goes to {@code logs/<id>.log}.
 */
final class WorkerProcess {

    private final int slot;
    private final List<String> jvm;
    private final String classPath;
    private final Map<String, Object> properties;
    private final Path logs;
    private int generation;
    private volatile Process process;
    private String id;
    private int kills;
    private int deaths;
    private volatile boolean stopped;

    /**
     * @param jvm        the {@code java} command and its flags, up to the class path
     * @param classPath  the worker's class path
     * @param properties the worker's Spring properties (its id is added per generation)
     */
    WorkerProcess(int slot, List<String> jvm, String classPath, Map<String, Object> properties, Path logs) {
        this.slot = slot;
        this.jvm = List.copyOf(jvm);
        this.classPath = classPath;
        this.properties = Map.copyOf(properties);
        this.logs = logs;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("worker " + id + " is running");
        }
        generation++;
        id = "w" + slot + "." + generation;
        List<String> command = new ArrayList<>(jvm);
        command.add("-cp");
        command.add(classPath);
        command.add(WorkerApplication.class.getName());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--chartbox.worker.id=" + id);
        Files.createDirectories(logs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(id + ".log").toFile())
                .start();
    }

    /** The current process's worker id, when it is alive. */
    synchronized Optional<String> liveId() {
        return process != null && process.isAlive() ? Optional.of(id) : Optional.empty();
    }

    /**
     * SIGKILLs the process if {@code workerId} names it and it is alive, then starts the next
     * generation; true when it did. SIGKILL: no shutdown hook, no graceful stop, no offset commit.
     */
    synchronized boolean killAndRestart(String workerId) throws InterruptedException, IOException {
        if (process == null || !process.isAlive() || !workerId.equals(id)) {
            return false;
        }
        process.destroyForcibly(); // SIGKILL on Unix
        process.waitFor();
        kills++;
        start();
        return true;
    }

    /** Starts the next generation if the process ended without the soak killing it; its exit code if so. */
    synchronized Optional<Integer> restartIfDead() throws IOException {
        if (stopped || process == null || process.isAlive()) {
            return Optional.empty();
        }
        int exitCode = process.exitValue();
        deaths++;
        start();
        return Optional.of(exitCode);
    }

    /** SIGTERMs the process (a graceful stop), SIGKILL when it has not ended after {@code seconds}. */
    synchronized void stop(long seconds) throws InterruptedException {
        stopped = true;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /**
     * SIGKILLs the process at once, without taking the lock (for the soak's shutdown hook: a
     * worker process outlives its parent unless someone ends it).
     */
    void destroyNow() {
        stopped = true;
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    /** Processes the soak SIGKILLed in this slot. */
    synchronized int kills() {
        return kills;
    }

    /** Processes of this slot that ended on their own (a worker must never do that). */
    synchronized int deaths() {
        return deaths;
    }

    /** Processes started in this slot beyond the first. */
    synchronized int restarts() {
        return Math.max(0, generation - 1);
    }

    int slot() {
        return slot;
    }
}
