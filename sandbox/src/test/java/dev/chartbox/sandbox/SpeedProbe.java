package dev.chartbox.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: runs programs through {@link ChicorySandbox#run} after warm-up rounds
 * and prints each round's time and JIT compile time (the warm-up curve), then, per program, the
 * median and spread of the run's time, the program's execution and the JVM bytes allocated on the
 * guest's thread. Meant to run under a profiler (JFR) or side by side with another build of the
 * sandbox, one JVM after the other.
 *
 * <pre>
 * java -Xss1g -Xmx3g [guest JIT flags] -cp sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/classpath.txt) \
 *     dev.chartbox.sandbox.SpeedProbe WARMUP ROUNDS program.py...
 * </pre>
 */
final class SpeedProbe {

    /** Process CPU time: what a run cost the machine, less sensitive than wall time to other processes' load. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Compile time of the JIT's threads: the warm-up curve shows how long they keep compiling the guest. */
    private static final java.lang.management.CompilationMXBean JIT = java.lang.management.ManagementFactory.getCompilationMXBean();

    private SpeedProbe() {}

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Map<String, SandboxRequest> programs = new LinkedHashMap<>();
        for (String file : Arrays.copyOfRange(args, 2, args.length)) {
            Path path = Path.of(file);
            var request = SandboxRequest.of(Files.readString(path))
                    .withLimits(Limits.defaults().withDeadline(Limits.MAXIMUM.deadline()));
            Path inputs = path.resolveSibling("inputs");
            if (Files.isDirectory(inputs)) {
                try (var list = Files.list(inputs)) {
                    for (Path input : list.toList()) {
                        request = request.withFile(input.getFileName().toString(), Files.readAllBytes(input));
                    }
                }
            }
            programs.put(path.getFileName().toString().replace(".py", ""), request);
        }
        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        try (var sandbox = ChicorySandbox.start(1, 1)) {
            for (int round = -warmup; round < rounds; round++) {
                long roundStart = System.nanoTime();
                long compiling = JIT.getTotalCompilationTime();
                for (var program : programs.entrySet()) {
                    long cpu = CPU.getProcessCpuTime();
                    var result = sandbox.run(program.getValue());
                    cpu = CPU.getProcessCpuTime() - cpu;
                    if (result.status() != SandboxResult.Status.SUCCEEDED) {
                        System.err.println(program.getKey() + ": " + result.status() + " " + result.error());
                    }
                    if (round >= 0) {
                        samples.computeIfAbsent(program.getKey(), k -> new ArrayList<>()).add(new long[] {
                                result.timings().total().toNanos(), result.timings().execute().toNanos(), result.hostAllocatedBytes(),
                                result.memoryBytes(), cpu, result.timings().instantiate().toNanos()});
                    }
                }
                System.out.printf("round %d: %.2f s, the JIT's compile threads %.1f s%n", round + warmup + 1,
                        (System.nanoTime() - roundStart) / 1e9, (JIT.getTotalCompilationTime() - compiling) / 1e3);
            }
        }
        System.out.printf("%-20s %26s %26s %26s %26s %22s %22s%n", "program", "total ms median [min-max]", "instantiate ms median [min-max]",
                "execute ms median [min-max]", "process CPU ms median [min-max]", "alloc MiB median [min-max]", "linear MiB at the end");
        for (var entry : samples.entrySet()) {
            System.out.printf("%-20s %26s %26s %26s %26s %22s %22s%n", entry.getKey(), stat(entry.getValue(), 0, 1e6), stat(entry.getValue(), 5, 1e6),
                    stat(entry.getValue(), 1, 1e6),
                    stat(entry.getValue(), 4, 1e6), stat(entry.getValue(), 2, 1 << 20), stat(entry.getValue(), 3, 1 << 20));
        }
    }

    private static String stat(List<long[]> samples, int column, double unit) {
        double[] values = samples.stream().mapToDouble(s -> s[column] / unit).sorted().toArray();
        return String.format("%.1f [%.1f-%.1f]", values[values.length / 2], values[0], values[values.length - 1]);
    }
}
