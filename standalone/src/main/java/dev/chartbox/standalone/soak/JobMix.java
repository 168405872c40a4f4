package dev.chartbox.standalone.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The programs a soak submits, by kind, read from the repository: the sandbox's chart corpus
 * ({@code sandbox/src/test/resources/corpus}), every attack program under
 * {@code sandbox/src/test/resources/attacks} (when there), and the soak's own failing, runaway and
 * attack programs ({@code standalone/soak}). A seeded sequence of them: the same seed, the same jobs.
 */
final class JobMix {

    enum Kind {
        /** A chart the corpus expects to succeed. */
        CHART,
        /** A program that fails on its own (a traceback, an exit code). */
        FAILING,
        /** A program that never ends or grows without bound: short deadlines, small memory caps. */
        RUNAWAY,
        /** A hostile program. */
        ATTACK,
        /** A benign job whose worker the soak kills whenever it starts it. */
        POISON
    }

    /**
     * One job to submit: its program, input files and limits as the api takes them, and the status
     * its header expects ({@code # expect: STATUS} or the corpus's {@code # expect-status: STATUS}).
     */
    record Program(Kind kind, String name, String code, List<Map<String, String>> files, Map<String, Object> limits,
                   Optional<String> expected) {

        Map<String, Object> submission(int index) {
            Map<String, Object> submission = new LinkedHashMap<>();
            submission.put("code", code);
            if (!files.isEmpty()) {
                submission.put("files", files);
            }
            submission.put("limits", limits);
            submission.put("metadata", Map.of("soak", kind.name().toLowerCase(), "program", name, "index", Integer.toString(index)));
            return submission;
        }
    }

    /** Sleeps long enough for the soak to see its RUNNING event and kill its worker; ends SUCCEEDED if spared. */
    static final String POISON_CODE = "import time\ntime.sleep(30)\nprint('spared')\n";

    /**
     * Limits per kind, unless a program's header names its own ({@code # deadline: SECONDS},
     * {@code # memory: MIB}, as the sandbox's attack suite does). Charts get a deadline a cold worker
     * JVM meets (its first chart runs tens of seconds slower); runaways get short deadlines and a
     * small memory cap, so they cost little; attacks get the attack suite's defaults.
     */
    private static final Map<Kind, Map<String, Object>> LIMITS = Map.of(
            Kind.CHART, Map.of("deadlineSeconds", 120),
            Kind.FAILING, Map.of("deadlineSeconds", 60),
            Kind.RUNAWAY, Map.of("deadlineSeconds", 2, "memoryMiB", 256),
            Kind.ATTACK, Map.of("deadlineSeconds", 10, "memoryMiB", 512),
            Kind.POISON, Map.of("deadlineSeconds", 60));

    private final Map<Kind, List<Program>> programs;

    private JobMix(Map<Kind, List<Program>> programs) {
        this.programs = programs;
    }

    static JobMix load(Path root) throws IOException {
        Path corpus = root.resolve("sandbox/src/test/resources/corpus");
        Path own = root.resolve("standalone/soak");
        Map<Kind, List<Program>> programs = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            programs.put(kind, new ArrayList<>());
        }
        for (Path file : pythonFiles(corpus)) {
            String code = Files.readString(file, StandardCharsets.UTF_8);
            Kind kind = code.contains("# expect-status: SUCCEEDED") ? Kind.CHART : Kind.FAILING;
            programs.get(kind).add(program(kind, file, code, inputs(code, corpus.resolve("inputs"))));
        }
        for (var folder : Map.of(Kind.FAILING, "failing", Kind.RUNAWAY, "runaway", Kind.ATTACK, "attacks").entrySet()) {
            Kind kind = folder.getKey();
            for (Path file : pythonFiles(own.resolve(folder.getValue()))) {
                programs.get(kind).add(program(kind, file, Files.readString(file, StandardCharsets.UTF_8), List.of()));
            }
        }
        for (Path file : pythonFiles(root.resolve("sandbox/src/test/resources/attacks"))) {
            programs.get(Kind.ATTACK).add(program(Kind.ATTACK, file, Files.readString(file, StandardCharsets.UTF_8), List.of()));
        }
        programs.get(Kind.POISON).add(new Program(Kind.POISON, "poison", POISON_CODE, List.of(), LIMITS.get(Kind.POISON),
                Optional.of("INTERNAL_ERROR")));
        for (var entry : programs.entrySet()) {
            if (entry.getValue().isEmpty()) {
                throw new IOException("no " + entry.getKey().name().toLowerCase() + " programs under " + root);
            }
        }
        return new JobMix(programs);
    }

    /** How many programs of each kind there are to choose from. */
    Map<Kind, Integer> sizes() {
        Map<Kind, Integer> sizes = new EnumMap<>(Kind.class);
        programs.forEach((kind, list) -> sizes.put(kind, list.size()));
        return sizes;
    }

    /**
     * {@code jobs} programs: {@code round(jobs × poisonShare)} poison pills (at least one when the
     * share is positive) spread evenly, the rest drawn by {@code weights}.
     */
    List<Program> sequence(int jobs, Map<Kind, Double> weights, double poisonShare, long seed) {
        Random random = new Random(seed);
        int poison = poisonShare > 0 ? Math.max(1, (int) Math.round(jobs * poisonShare)) : 0;
        Set<Integer> poisonAt = new HashSet<>();
        for (int k = 0; k < poison; k++) {
            poisonAt.add((int) ((k + 0.5) * jobs / poison)); // the middle of the k-th n-th of the run
        }
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Program> sequence = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            Kind kind = poisonAt.contains(i) ? Kind.POISON : draw(weights, total, random);
            List<Program> choices = programs.get(kind);
            sequence.add(choices.get(random.nextInt(choices.size())));
        }
        return sequence;
    }

    private static Kind draw(Map<Kind, Double> weights, double total, Random random) {
        double at = random.nextDouble() * total;
        Kind last = Kind.CHART;
        for (var entry : weights.entrySet()) {
            at -= entry.getValue();
            last = entry.getKey();
            if (at < 0) {
                return last;
            }
        }
        return last;
    }

    private static Program program(Kind kind, Path file, String code, List<Map<String, String>> files) {
        Map<String, Object> limits = new LinkedHashMap<>(LIMITS.get(kind));
        header(code, "deadline").ifPresent(seconds -> limits.put("deadlineSeconds", Integer.parseInt(seconds)));
        header(code, "memory").ifPresent(mib -> limits.put("memoryMiB", Integer.parseInt(mib)));
        Optional<String> expected = header(code, "expect").or(() -> header(code, "expect-status"));
        return new Program(kind, file.getFileName().toString(), code, files, Map.copyOf(limits), expected);
    }

    /** The value of a {@code # name: value} line among the program's leading comments. */
    private static Optional<String> header(String code, String name) {
        return code.lines().takeWhile(line -> line.startsWith("#"))
                .filter(line -> line.startsWith("# " + name + ":"))
                .map(line -> line.substring(name.length() + 3).trim())
                .findFirst();
    }

    /** The corpus's {@code # input: a.csv, b.csv} headers as the api's inline text files. */
    private static List<Map<String, String>> inputs(String code, Path inputs) throws IOException {
        List<Map<String, String>> files = new ArrayList<>();
        for (String line : code.lines().toList()) {
            if (line.startsWith("# input:")) {
                for (String name : line.substring("# input:".length()).split(",")) {
                    Path input = inputs.resolve(name.trim());
                    files.add(Map.of("name", input.getFileName().toString(), "text", Files.readString(input, StandardCharsets.UTF_8)));
                }
            }
        }
        return files;
    }

    private static List<Path> pythonFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".py") && Files.isRegularFile(f)).sorted(Comparator.naturalOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
