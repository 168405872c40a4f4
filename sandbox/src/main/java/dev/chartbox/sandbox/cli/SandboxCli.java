package dev.chartbox.sandbox.cli;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.GuestInfo;
import dev.chartbox.sandbox.ImageFormat;
import dev.chartbox.sandbox.Limits;
import dev.chartbox.sandbox.SandboxRequest;
import dev.chartbox.sandbox.SandboxResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/chartbox sandbox run|info|warm-up}: the sandbox from a terminal. {@code warm-up} runs
 * the worker's warm-up charts (all of them by default): bin/chartbox trains the JVM's AOT cache with it.
 *
 * <p>Exit status: 0 when the program succeeded, 1 when it ended in any other status, 2 for a usage
 * error.
 */
public final class SandboxCli {

    static final String USAGE = """
            usage: chartbox sandbox run PROGRAM.py [--file PATH]... [--out DIR] [--deadline SECONDS]
                                        [--memory MIB] [--format png|svg|pdf|jpg]... [--json]
                   chartbox sandbox info [--json | --runtime]
                   chartbox sandbox warm-up [RUNS]""";

    private SandboxCli() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            System.exit(run(List.of(args), out));
        } catch (UsageException e) {
            System.err.println("chartbox sandbox: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("chartbox sandbox: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        if (args.isEmpty()) {
            throw new UsageException("missing command");
        }
        return switch (args.get(0)) {
            case "run" -> runProgram(args.subList(1, args.size()), out);
            case "info" -> info(args.subList(1, args.size()), out);
            case "warm-up" -> warmUp(args.subList(1, args.size()), out);
            default -> throw new UsageException("unknown command '" + args.get(0) + "'");
        };
    }

    private static int info(List<String> args, PrintStream out) {
        boolean json = args.contains("--json");
        try (var sandbox = ChicorySandbox.start()) {
            GuestInfo info = sandbox.guest();
            if (args.contains("--runtime")) {
                out.print(sandbox.describeRuntime());
            } else if (json) {
                out.println(Json.write(infoJson(info, sandbox)));
            } else {
                out.printf("guest:        %s %s%n", info.name(), info.version());
                out.printf("wasm sha256:  %s%n", info.wasmSha256());
                out.printf("snapshot:     %s (%d MiB of linear memory)%n", info.snapshotSha256(), sandbox.baselineMemoryBytes() >> 20);
                out.printf("interpreted:  %d functions%n", info.interpretedFunctions().size());
                for (var f : info.interpretedFunctions()) {
                    out.printf("  %6d  %-40s %,8d bytes of Wasm: %s%n", f.index(), f.name(), f.wasmBytes(), f.reason());
                }
            }
        }
        return 0;
    }

    private static int warmUp(List<String> args, PrintStream out) {
        int runs;
        try {
            runs = args.isEmpty() ? ChicorySandbox.WARM_UP_CHARTS.size() : Integer.parseInt(args.get(0));
        } catch (NumberFormatException e) {
            throw new UsageException("RUNS must be a whole number, not '" + args.get(0) + "'");
        }
        try (var sandbox = ChicorySandbox.start()) {
            out.printf("warm-up: %d runs in %.1f s%n", runs, sandbox.warmUp(runs).toMillis() / 1000.0);
        }
        return 0;
    }

    private static Map<String, Object> infoJson(GuestInfo info, ChicorySandbox sandbox) {
        var functions = new ArrayList<Object>();
        for (var f : info.interpretedFunctions()) {
            functions.add(ordered("index", f.index(), "name", f.name(), "wasmBytes", f.wasmBytes(), "reason", f.reason()));
        }
        return ordered("guest", info.name(), "version", info.version(), "wasmSha256", info.wasmSha256(),
                "snapshot", info.snapshotSha256(), "snapshotMemoryBytes", sandbox.baselineMemoryBytes(),
                "interpretedFunctionCount", functions.size(), "interpretedFunctions", functions);
    }

    private static int runProgram(List<String> args, PrintStream out) throws IOException {
        Path program = null;
        Path outDir = Path.of("out");
        boolean json = false;
        // One program in a fresh JVM: HotSpot compiles the guest's hot code while it runs, so a first
        // chart takes several times longer than in a warm worker. Hence the maximum deadline by default.
        Limits limits = Limits.defaults().withDeadline(Limits.MAXIMUM.deadline());
        var formats = EnumSet.noneOf(ImageFormat.class);
        var files = new ArrayList<Path>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--file" -> files.add(Path.of(value(args, ++i, arg)));
                case "--out" -> outDir = Path.of(value(args, ++i, arg));
                case "--deadline" -> limits = limits.withDeadline(Duration.ofMillis((long) (number(args, ++i, arg) * 1000)));
                case "--memory" -> limits = limits.withMemoryBytes((long) (number(args, ++i, arg) * (1 << 20)));
                case "--format" -> formats.add(parseFormat(value(args, ++i, arg)));
                case "--json" -> json = true;
                default -> {
                    if (arg.startsWith("-") || program != null) {
                        throw new UsageException("unexpected argument '" + arg + "'");
                    }
                    program = Path.of(arg);
                }
            }
        }
        if (program == null) {
            throw new UsageException("missing PROGRAM.py");
        }
        try {
            limits.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var request = new SandboxRequest(Files.readString(program, StandardCharsets.UTF_8), Map.of(), limits, formats);
        for (Path file : files) {
            request = request.withFile(file.getFileName().toString(), Files.readAllBytes(file));
        }
        SandboxResult result;
        try (var sandbox = ChicorySandbox.start()) {
            result = sandbox.run(request);
        }
        Files.createDirectories(outDir);
        for (Artifact a : result.artifacts()) {
            Path target = outDir.resolve(a.name()).normalize();
            if (!target.startsWith(outDir.normalize())) {
                continue; // artifact names are relative to the working directory; never leave DIR
            }
            Files.createDirectories(target.getParent() == null ? outDir : target.getParent());
            Files.write(target, a.bytes());
        }
        if (json) {
            out.println(Json.write(resultJson(result, outDir)));
        } else {
            printHuman(result, outDir, out);
        }
        return result.status() == SandboxResult.Status.SUCCEEDED ? 0 : 1;
    }

    private static void printHuman(SandboxResult r, Path outDir, PrintStream out) {
        var t = r.timings();
        out.printf("status: %s (exit code %d) in %.2f s (instantiate %.3f s, execute %.2f s, collect %.3f s)%n", r.status(),
                r.exitCode(), secs(t.total()), secs(t.instantiate()), secs(t.execute()), secs(t.collect()));
        if (!r.stdout().text().isEmpty()) {
            out.println("--- stdout" + (r.stdout().truncated() ? " (truncated)" : ""));
            out.print(r.stdout().text());
            if (!r.stdout().text().endsWith("\n")) {
                out.println();
            }
        }
        if (!r.stderr().text().isEmpty()) {
            out.println("--- stderr" + (r.stderr().truncated() ? " (truncated)" : ""));
            out.print(r.stderr().text());
            if (!r.stderr().text().endsWith("\n")) {
                out.println();
            }
        }
        r.error().ifPresent(e -> out.printf("--- error: %s: %s%n", e.type(), e.message()));
        if (!r.artifacts().isEmpty()) {
            out.println("--- artifacts in " + outDir + "/");
            for (Artifact a : r.artifacts()) {
                out.printf("%-28s %-16s %,10d bytes  sha256 %s%n", a.name(), a.contentType(), a.size(), a.sha256());
            }
        }
    }

    private static Map<String, Object> resultJson(SandboxResult r, Path outDir) {
        var artifacts = new ArrayList<Object>();
        for (Artifact a : r.artifacts()) {
            artifacts.add(ordered("name", a.name(), "contentType", a.contentType(), "size", a.size(), "sha256", a.sha256(),
                    "path", outDir.resolve(a.name()).toString()));
        }
        var t = r.timings();
        return ordered(
                "status", r.status().name(),
                "exitCode", r.exitCode(),
                "stdout", r.stdout().text(),
                "stdoutTruncated", r.stdout().truncated(),
                "stderr", r.stderr().text(),
                "stderrTruncated", r.stderr().truncated(),
                "error", r.error().map(e -> (Object) ordered("type", e.type(), "message", e.message(), "traceback", e.traceback())).orElse(null),
                "artifacts", artifacts,
                "timings", ordered("instantiateSeconds", secs(t.instantiate()), "executeSeconds", secs(t.execute()),
                        "collectSeconds", secs(t.collect()), "totalSeconds", secs(t.total())));
    }

    private static Map<String, Object> ordered(Object... pairs) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static double number(List<String> args, int i, String option) {
        String v = value(args, i, option);
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a positive number, not '" + v + "'");
        }
    }

    private static ImageFormat parseFormat(String v) {
        try {
            return ImageFormat.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
