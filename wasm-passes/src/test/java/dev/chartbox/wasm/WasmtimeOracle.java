package dev.chartbox.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * wasmtime (PyPI {@code wasmtime}, which implements SIMD) as an oracle that no one here wrote: runs
 * exports of modules in fresh instances and reports the memory each call left. The Python
 * environment is made once under the chartbox cache ({@code python3 -m venv}, pip, a pinned version).
 */
final class WasmtimeOracle {
    static final String WASMTIME = "wasmtime==50.0.1";

    private final Path python;

    private WasmtimeOracle(Path python) {
        this.python = python;
    }

    /** The oracle, its venv made on first use. */
    static WasmtimeOracle get() throws IOException, InterruptedException {
        Path venv = Path.of(System.getProperty("chartbox.cache", System.getProperty("user.home") + "/.cache/chartbox"))
                .resolve("wasmtime-oracle-venv");
        Path python = venv.resolve("bin/python");
        Path marker = venv.resolve("chartbox-requirements.txt");
        if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(WASMTIME)) {
            run(List.of("python3", "-m", "venv", "--clear", venv.toString()));
            run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", WASMTIME));
            Files.writeString(marker, WASMTIME);
        }
        return new WasmtimeOracle(python);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** One call: an export and its i32 arguments. */
    record Call(String export, List<Integer> args) {
        String key() {
            StringBuilder b = new StringBuilder(export).append(' ');
            for (int i = 0; i < args.size(); i++) {
                b.append(i > 0 ? " " : "").append(args.get(i));
            }
            return b.toString().strip();
        }
    }

    /**
     * Runs every call on every module, each in a fresh instance whose memory holds {@code inputs}
     * at {@code inputsAt}; returns, per call, what each module left in {@code read} bytes from
     * {@code readAt} (hex), prefixed "trap " when the call trapped.
     */
    Map<String, List<String>> run(List<byte[]> modules, byte[] inputs, int inputsAt, int readAt, int read, List<Call> calls,
            Path dir) throws IOException, InterruptedException {
        Path script = dir.resolve("wasmtime_oracle.py");
        try (InputStream in = WasmtimeOracle.class.getResourceAsStream("wasmtime_oracle.py")) {
            Files.write(script, in.readAllBytes());
        }
        StringBuilder spec = new StringBuilder();
        for (int m = 0; m < modules.size(); m++) {
            Path p = dir.resolve("module" + m + ".wasm");
            Files.write(p, modules.get(m));
            spec.append("module ").append(p).append('\n');
        }
        Path in = dir.resolve("inputs.bin");
        Files.write(in, inputs);
        spec.append("inputs ").append(in).append(' ').append(inputsAt).append('\n');
        spec.append("read ").append(readAt).append(' ').append(read).append('\n');
        for (Call c : calls) {
            spec.append("call ").append(c.key()).append('\n');
        }
        Path specFile = dir.resolve("calls.txt");
        Files.writeString(specFile, spec);
        String out = run(List.of(python.toString(), script.toString(), specFile.toString()));
        Map<String, List<String>> results = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            results.computeIfAbsent(f[1].strip(), k -> new ArrayList<>()).add(f[2]);
        }
        return results;
    }
}
