package dev.chartbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One benchmark program: a Python source and the input files its header names.
 *
 * <p>Header comments, at the top of the file: {@code # input: a.csv, b.json} names input files
 * (looked up in {@code inputs/} beside the program, then beside it); {@code # expect-status:
 * FAILED} says the program is meant to fail (default SUCCEEDED), so a failure is not mistaken for
 * an engine's fault.
 *
 * @param name           the file name without {@code .py}
 * @param code           the source
 * @param inputs         input files by name
 * @param expectedStatus what the run should end as: SUCCEEDED or FAILED
 */
public record Program(String name, String code, Map<String, byte[]> inputs, String expectedStatus) {

    public Program {
        inputs = Map.copyOf(inputs);
    }

    private static final String TIMER = "__chartbox_bench_time";
    private static final String MARKER = "chartbox-bench-program-seconds=";

    /**
     * The code every engine runs: the program between two reads of {@code time.perf_counter()},
     * whose difference it prints last, so the program's own time can be compared across engines
     * without the instance, driver or process around it. A program with {@code from __future__}
     * imports (which must come first) runs as it is, untimed.
     */
    public String timedCode() {
        if (code.contains("from __future__")) {
            return code;
        }
        return "import time as " + TIMER + "; " + TIMER + "_t0 = " + TIMER + ".perf_counter()\n"
                + code + (code.endsWith("\n") ? "" : "\n")
                + "print('" + MARKER + "' + repr(" + TIMER + ".perf_counter() - " + TIMER + "_t0))\n";
    }

    /** The program's own seconds from what a run of {@link #timedCode()} printed, if it got that far. */
    static java.util.OptionalDouble programSeconds(String stdout) {
        int at = stdout.lastIndexOf(MARKER);
        if (at < 0) {
            return java.util.OptionalDouble.empty();
        }
        int end = stdout.indexOf('\n', at);
        String value = stdout.substring(at + MARKER.length(), end < 0 ? stdout.length() : end).strip();
        try {
            return java.util.OptionalDouble.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    /** Every *.py file in {@code dir}, by name. */
    static List<Program> loadAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no programs folder " + dir);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no *.py programs in " + dir);
        }
        var programs = new ArrayList<Program>();
        for (Path file : files) {
            programs.add(load(file));
        }
        return programs;
    }

    static Program load(Path file) throws IOException {
        String code = Files.readString(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".py".length());
        var inputs = new LinkedHashMap<String, byte[]>();
        String expected = "SUCCEEDED";
        for (String line : code.lines().toList()) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("#")) {
                break; // headers are the leading comment block
            }
            Optional<String> value = header(trimmed, "input");
            if (value.isPresent()) {
                for (String input : value.get().split(",")) {
                    String inputName = input.strip();
                    if (!inputName.isEmpty()) {
                        inputs.put(inputName, Files.readAllBytes(inputPath(file.getParent(), inputName)));
                    }
                }
            }
            Optional<String> status = header(trimmed, "expect-status");
            if (status.isPresent()) {
                expected = status.get().strip().toUpperCase(Locale.ROOT);
            }
        }
        return new Program(name, code, inputs, expected);
    }

    private static Optional<String> header(String line, String key) {
        String body = line.substring(1).strip();
        return body.startsWith(key + ":") ? Optional.of(body.substring(key.length() + 1)) : Optional.empty();
    }

    private static Path inputPath(Path dir, String name) throws IOException {
        for (Path candidate : List.of(dir.resolve("inputs").resolve(name), dir.resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("input file " + name + " not found in " + dir.resolve("inputs") + " or " + dir);
    }
}
