package dev.chartbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Engine#CHARTBOX_UNSEEN} engine: each run a JVM of its own that loads the sandbox,
 * warms it up as a worker does before it takes jobs ({@code ChicorySandbox.warmUp}: a small chart
 * that is not the program), then runs the program once, timed as {@link Engine#CHARTBOX} is.
 * The child prints its measurement as {@code key=value} lines; this class starts it and reads them.
 */
final class UnseenRun {

    private static final String PREFIX = "chartbox-unseen.";

    private UnseenRun() {}

    /** Runs {@code program} of {@code programs} in a fresh JVM with this JVM's flags and class path. */
    static Measurement inFreshJvm(Path programs, Program program, int repetition, int warmUpRuns, Path log) throws IOException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-XX:AOTCache"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UnseenRun.class.getName(),
                programs.toString(), program.name(), String.valueOf(warmUpRuns)));
        long t0 = System.nanoTime();
        var run = ChildProcess.run(command, log, "the unseen run of " + program.name());
        double processSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> fields = new LinkedHashMap<>();
        run.stdout().lines().filter(l -> l.startsWith(PREFIX) && l.contains("="))
                .forEach(l -> fields.put(l.substring(PREFIX.length(), l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        if (!fields.containsKey("seconds")) {
            throw new IOException("the unseen run of " + program.name() + " reported nothing (exit " + run.exitValue() + "; see " + log + ")");
        }
        var details = new LinkedHashMap<String, Double>();
        fields.forEach((k, v) -> {
            if (k.startsWith("detail.")) {
                details.put(k.substring("detail.".length()), Double.parseDouble(v));
            }
        });
        details.put("process_seconds", processSeconds);
        return new Measurement(program.name(), Engine.CHARTBOX_UNSEEN, repetition, Double.parseDouble(fields.get("seconds")),
                fields.get("status"), Integer.parseInt(fields.get("artifacts")), details);
    }

    /** The child: {@code PROGRAMS_DIR NAME WARM_UP_RUNS}. */
    public static void main(String[] args) throws Exception {
        Path programs = Path.of(args[0]);
        Program program = Program.loadAll(programs).stream().filter(p -> p.name().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no program " + args[1] + " in " + programs));
        int warmUpRuns = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        try (var engine = ChartboxEngine.start(System.err, 1)) {
            double warmUp = warmUpRuns > 0 ? engine.warmUp(warmUpRuns).toNanos() / 1e9 : 0;
            Measurement m = engine.run(program, 1);
            out.println(PREFIX + "seconds=" + m.seconds());
            out.println(PREFIX + "status=" + m.status());
            out.println(PREFIX + "artifacts=" + m.artifacts());
            m.details().forEach((k, v) -> out.println(PREFIX + "detail." + k + "=" + v));
            out.println(PREFIX + "detail.start_seconds=" + engine.startSeconds());
            out.println(PREFIX + "detail.warm_up_seconds=" + warmUp);
        }
        out.flush();
        System.exit(0); // the sandbox's threads are daemons, but do not wait on anything else
    }
}
