package dev.chartbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/chartbox bench}: runs chart programs through the chartbox sandbox, wasmtime and native
 * CPython, interleaved, and reports times, ratios, phases, memory and charts/s (see {@link BenchOptions#USAGE}).
 * Progress goes to stderr, the report (Markdown) to stdout.
 */
public final class BenchCli {

    private BenchCli() {}

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("chartbox.root", ".")).toAbsolutePath().normalize();
        Path cache = Path.of(System.getProperty("chartbox.cache", Path.of(System.getProperty("user.home"), ".cache", "chartbox").toString()));
        PrintStream log = System.err;
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, root);
        } catch (IllegalArgumentException e) {
            log.println("chartbox bench: " + e.getMessage());
            log.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        try {
            var result = new Benchmark(options, root, cache, log).run();
            var report = new Report(result, options.engines(), "bin/chartbox bench " + String.join(" ", args));
            System.out.println();
            System.out.print(report.markdown());
            if (options.json().isPresent()) {
                Path json = options.json().get();
                if (json.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(json.toAbsolutePath().getParent());
                }
                Files.writeString(json, Json.write(report.json(options)), StandardCharsets.UTF_8);
                log.println("chartbox bench: wrote " + json);
            }
            if (options.plot().isPresent()) {
                plot(result, options, log);
            }
            boolean asExpected = result.measurements().stream().allMatch(m -> result.programs().stream()
                    .filter(p -> p.name().equals(m.program())).allMatch(p -> p.expectedStatus().equals(m.status())));
            if (!asExpected) {
                log.println("chartbox bench: some runs did not end as their programs expect (marked ! in the table)");
                System.exit(1);
            }
        } catch (IOException | RuntimeException e) {
            log.println("chartbox bench: " + e.getMessage());
            e.printStackTrace(log);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /** Draws the ratios with the venv's matplotlib; needs --json (the plot reads it). */
    private static void plot(Benchmark.Result result, BenchOptions options, PrintStream log) throws IOException, InterruptedException {
        if (result.python() == null || options.json().isEmpty()) {
            log.println("chartbox bench: no plot (it needs --json and a native or wasmtime engine's Python)");
            return;
        }
        Path script = Files.createTempFile("chartbox-bench-plot-", ".py");
        try (var in = BenchCli.class.getResourceAsStream("/dev/chartbox/bench/plot.py")) {
            Files.write(script, in.readAllBytes());
            Files.deleteIfExists(options.plot().get());
            List<String> command = new ArrayList<>(List.of(result.python().toString(), script.toString(),
                    options.json().get().toString(), options.plot().get().toString()));
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                log.println("chartbox bench: the plot failed");
            } else if (Files.isRegularFile(options.plot().get())) {
                log.println("chartbox bench: wrote " + options.plot().get());
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
