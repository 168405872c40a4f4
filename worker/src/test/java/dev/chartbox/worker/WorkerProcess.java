package dev.chartbox.worker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real worker in its own JVM ({@link WorkerApplication#main}, the real sandbox), as a pod runs
 * it: a test can SIGKILL it mid-job. Its output goes to {@code target/worker-processes/<id>.log}.
 */
final class WorkerProcess {

    private final String id;
    private final Process process;

    private WorkerProcess(String id, Process process) {
        this.id = id;
        this.process = process;
    }

    static WorkerProcess start(String id, Map<String, String> properties) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
                "-XX:-DontCompileHugeMethods", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", classpath, WorkerApplication.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--chartbox.worker.id=" + id);
        Path logs = Files.createDirectories(Path.of("target", "worker-processes"));
        File log = logs.resolve(id + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        return new WorkerProcess(id, process);
    }

    String id() {
        return id;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Ends it if it still runs. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
