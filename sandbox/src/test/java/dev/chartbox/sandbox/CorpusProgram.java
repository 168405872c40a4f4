package dev.chartbox.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A chart program from {@code src/test/resources/corpus}, with what it must produce written in
 * its header comments:
 *
 * <pre>
 * # expect-status: SUCCEEDED
 * # input: sales.csv                  (a file from corpus/inputs, given to the program)
 * # expect-artifacts: a.png b.svg     (exactly these, in this order; empty for none)
 * # expect-stdout: some text          (stdout contains it)
 * # expect-stderr: some text          (stderr contains it)
 * # expect-error: KeyError            (the Python error's type)
 * </pre>
 */
record CorpusProgram(String name, String code, List<Path> inputs, SandboxResult.Status status, List<String> artifacts,
        List<String> stdout, List<String> stderr, Optional<String> errorType) {

    static Path directory() {
        try {
            return Path.of(CorpusProgram.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<CorpusProgram> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().map(CorpusProgram::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CorpusProgram read(Path file) {
        try {
            String code = Files.readString(file);
            var inputs = new ArrayList<Path>();
            SandboxResult.Status status = null;
            List<String> artifacts = null;
            var stdout = new ArrayList<String>();
            var stderr = new ArrayList<String>();
            Optional<String> error = Optional.empty();
            for (String line : code.lines().takeWhile(l -> l.startsWith("#")).toList()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(1, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "expect-status" -> status = SandboxResult.Status.valueOf(value);
                    case "input" -> inputs.add(directory().resolve("inputs").resolve(value));
                    case "expect-artifacts" -> artifacts = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
                    case "expect-stdout" -> stdout.add(value);
                    case "expect-stderr" -> stderr.add(value);
                    case "expect-error" -> error = Optional.of(value);
                    default -> throw new IllegalArgumentException(file + ": unknown header " + key);
                }
            }
            if (status == null) {
                throw new IllegalArgumentException(file + ": no expect-status header");
            }
            return new CorpusProgram(file.getFileName().toString(), code, inputs, status,
                    artifacts == null ? List.of() : artifacts, stdout, stderr, error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SandboxRequest request() {
        var request = SandboxRequest.of(code);
        for (Path input : inputs) {
            try {
                request = request.withFile(input.getFileName().toString(), Files.readAllBytes(input));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return request;
    }

    @Override
    public String toString() {
        return name;
    }
}
