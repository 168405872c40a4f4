package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How often a function's biggest switch dispatches on each selector value, as a share of all its
 * dispatches over a corpus of programs (made with {@link DispatchCountMain}). The split keeps the
 * most frequent cases in the function itself, so they pay no call.
 *
 * <p>File format: a line {@code function NAME}, then one line per value, {@code VALUE SHARE},
 * separated by tabs or spaces; {@code #} starts a comment.
 */
public record DispatchProfile(String function, double[] share) {

    public static DispatchProfile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String function = null;
        double[] share = new double[0];
        for (String line : lines) {
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException(file + ": not a pair: " + line);
            }
            if (f[0].equals("function")) {
                function = f[1];
                continue;
            }
            int v = Integer.parseInt(f[0]);
            if (v >= share.length) {
                share = Arrays.copyOf(share, v + 1);
            }
            share[v] = Double.parseDouble(f[1]);
        }
        if (function == null) {
            throw new IllegalArgumentException(file + ": no function line");
        }
        return new DispatchProfile(function, share);
    }

    /** The share of dispatches on {@code value}; 0 for values the profile does not name. */
    double shareOf(int value) {
        return value < share.length ? share[value] : 0;
    }
}
