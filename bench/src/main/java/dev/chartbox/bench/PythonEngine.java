package dev.chartbox.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A native or wasmtime engine: a long-lived {@code engine.py} process that runs one program per
 * request and answers with what it measured. Its own stderr goes to a log file.
 */
final class PythonEngine implements AutoCloseable {

    private final String family;
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    private final String info;
    private final Path log;

    private PythonEngine(String family, Process process, Path log) throws IOException {
        this.family = family;
        this.process = process;
        this.log = log;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = answers.readLine();
        if (ready == null || !ready.startsWith("ready\t")) {
            throw new IOException("the " + family + " engine did not start (" + ready + "); its log " + log + ":\n" + tail(log));
        }
        this.info = ready.substring("ready\t".length());
    }

    /** Starts {@code python engine.py FAMILY ...}; returns once the engine says it is ready. */
    static PythonEngine start(String family, Path python, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        var command = new java.util.ArrayList<String>();
        command.add(python.toString());
        command.addAll(arguments);
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        return new PythonEngine(family, builder.start(), log);
    }

    /** The engine's process, whose cores a throughput phase may confine. */
    long pid() {
        return process.pid();
    }

    /** What the engine runs on: versions of python, the packages, wasmtime. */
    String info() {
        return info;
    }

    /** Runs the program laid out in {@code runDir}; returns the engine's fields (seconds, exit, ...). */
    Map<String, String> run(String variant, Path runDir) throws IOException {
        requests.write("run\t" + variant + "\t" + runDir + "\n");
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("the " + family + " engine died; its log " + log + ":\n" + tail(log));
        }
        String[] fields = line.split("\t");
        if (!fields[0].equals("ok")) {
            throw new IOException("the " + family + " engine failed: " + line);
        }
        var values = new LinkedHashMap<String, String>();
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq > 0) {
                values.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
            }
        }
        return values;
    }

    @Override
    public void close() {
        try {
            requests.write("quit\n");
            requests.flush();
        } catch (IOException e) {
            // the engine is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > 3000 ? "..." + text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
