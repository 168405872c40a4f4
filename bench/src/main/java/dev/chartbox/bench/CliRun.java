package dev.chartbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@link Engine#CHARTBOX_CLI} engine: {@code bin/chartbox sandbox run} of the program, a JVM of
 * its own per run, as a developer runs one chart. The whole process is timed: the JVM's start, the
 * sandbox's (module, library, snapshot) and the program run by a JIT that has compiled nothing yet.
 */
final class CliRun {

    private static final Pattern STATUS = Pattern.compile("^status: (\\S+)", Pattern.MULTILINE);

    private CliRun() {}

    static Measurement once(Path root, Program program, int repetition, Path log) throws IOException {
        Path dir = Files.createTempDirectory("chartbox-bench-cli-");
        try {
            Path main = dir.resolve("main.py");
            Files.writeString(main, program.timedCode(), StandardCharsets.UTF_8);
            var command = new ArrayList<>(List.of(root.resolve("bin/chartbox").toString(), "sandbox", "run", main.toString(),
                    "--out", dir.resolve("out").toString()));
            Path inputs = Files.createDirectories(dir.resolve("inputs"));
            for (var input : program.inputs().entrySet()) {
                command.addAll(List.of("--file", Files.write(inputs.resolve(input.getKey()), input.getValue()).toString()));
            }
            long t0 = System.nanoTime();
            var run = ChildProcess.run(command, log, "bin/chartbox sandbox run of " + program.name());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Matcher status = STATUS.matcher(run.stdout());
            if (!status.find()) {
                throw new IOException("bin/chartbox sandbox run of " + program.name() + " printed no status (exit "
                        + run.exitValue() + "; see " + log + ")");
            }
            var details = new LinkedHashMap<String, Double>();
            Program.programSeconds(run.stdout()).ifPresent(v -> details.put(Measurement.PROGRAM_SECONDS, v));
            return new Measurement(program.name(), Engine.CHARTBOX_CLI, repetition, seconds, status.group(1), files(dir.resolve("out")), details);
        } finally {
            PythonEnv.deleteTree(dir);
        }
    }

    private static int files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return (int) walk.filter(Files::isRegularFile).count();
        }
    }
}
