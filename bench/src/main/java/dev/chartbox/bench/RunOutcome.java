package dev.chartbox.bench;

import dev.chartbox.sandbox.Artifact;
import dev.chartbox.sandbox.SandboxResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a job's run produced that the differential test compares, engine-neutral: how it
 * ended, what it printed, and its artifacts byte for byte.
 *
 * @param status         SUCCEEDED, FAILED, ... (the sandbox's {@link SandboxResult.Status} names)
 * @param exitCode       the program's exit status; -1 when it did not end on its own
 * @param errorType      the uncaught exception's qualified type, "" when none
 * @param errorMessage   its message
 * @param errorTraceback its formatted traceback
 * @param stdout         what the program printed (UTF-8, invalid bytes replaced, as the sandbox keeps it)
 * @param stderr         likewise for stderr
 * @param artifacts      image files the program wrote, then figures the driver rendered (the sandbox's order)
 */
record RunOutcome(String status, int exitCode, String errorType, String errorMessage, String errorTraceback,
        String stdout, String stderr, List<OutputFile> artifacts) {

    RunOutcome {
        artifacts = List.copyOf(artifacts);
    }

    /** One artifact: its path under the working directory and its bytes. */
    record OutputFile(String name, byte[] bytes) {

        String sha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutputFile f && f.name.equals(name) && Arrays.equals(f.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes, sha256 " + sha256() + ")";
        }
    }

    /** What the chartbox sandbox returned. */
    static RunOutcome of(SandboxResult result) {
        var error = result.error();
        return new RunOutcome(result.status().name(), result.exitCode(),
                error.map(SandboxResult.PythonError::type).orElse(""),
                error.map(SandboxResult.PythonError::message).orElse(""),
                error.map(SandboxResult.PythonError::traceback).orElse(""),
                result.stdout().text(), result.stderr().text(),
                result.artifacts().stream().map(a -> new OutputFile(a.name(), a.bytes())).toList());
    }

    /**
     * What a run of chartbox's driver left in {@code runDir} on another engine: work/ (the
     * program's files), control/ (the driver's report: exit_code, error_*, rendered), stdout,
     * stderr and session (the engine's own ending: exit=N, trapped=...). Read as the sandbox reads
     * its own run (ChicorySandbox's Outcome and Artifacts), so the two are comparable.
     */
    static RunOutcome fromRunDir(Path runDir, Map<String, byte[]> inputs) throws IOException {
        Path control = runDir.resolve("control");
        Map<String, String> session = keyValues(read(runDir.resolve("session")).orElseThrow(
                () -> new IOException("no session file in " + runDir + ": the engine did not run it")));
        String trapped = session.getOrDefault("trapped", "");
        String stdout = read(runDir.resolve("stdout")).orElse("");
        String stderr = read(runDir.resolve("stderr")).orElse("");
        List<String> rendered = read(control.resolve("rendered"))
                .map(t -> Arrays.stream(t.split("\n")).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        List<OutputFile> artifacts = artifacts(runDir.resolve("work"), inputs, rendered);
        if (!trapped.isEmpty()) {
            return new RunOutcome("FAILED", -1, "WebAssemblyTrap", trapped, "", stdout, stderr, artifacts);
        }
        Optional<Integer> reported = read(control.resolve("exit_code")).map(String::strip).flatMap(RunOutcome::parseInt);
        int sessionExit = parseInt(session.getOrDefault("exit", "")).orElse(1);
        int exitCode = reported.orElse(sessionExit == 0 ? 1 : sessionExit);
        Optional<String> type = read(control.resolve("error_type"));
        String errorType = type.orElse("");
        String message = type.isPresent() ? read(control.resolve("error_message")).orElse("") : "";
        String traceback = type.isPresent() ? read(control.resolve("error_traceback")).orElse("") : "";
        if (exitCode != 0 && type.isEmpty() && reported.isEmpty()) {
            errorType = "SystemError";
            message = "the program ended the interpreter before chartbox's driver finished";
        }
        return new RunOutcome(exitCode == 0 ? "SUCCEEDED" : "FAILED", exitCode, errorType, message, traceback,
                stdout, stderr, artifacts);
    }

    /** Image files under {@code work}: those the program wrote (sorted by path), then the rendered ones. */
    private static List<OutputFile> artifacts(Path work, Map<String, byte[]> inputs, List<String> rendered) throws IOException {
        var files = new ArrayList<OutputFile>();
        for (var candidate : Artifact.candidates(work, rendered).entrySet()) {
            Path file = work.resolve(candidate.getValue());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!Arrays.equals(bytes, inputs.get(candidate.getValue()))) {
                files.add(new OutputFile(candidate.getKey(), bytes));
            }
        }
        return files;
    }

    private static Optional<String> read(Path file) throws IOException {
        // decoded as the sandbox decodes a stream: invalid UTF-8 replaced, never an error
        return Files.isRegularFile(file) ? Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)) : Optional.empty();
    }

    private static Map<String, String> keyValues(String text) {
        var values = new java.util.LinkedHashMap<String, String>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
