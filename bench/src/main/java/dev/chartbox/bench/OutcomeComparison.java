package dev.chartbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares two runs of one program field by field, exactly (nothing normalised), and says where
 * the first difference is, in words a failing test can print: which field, the offset and line
 * of the first differing character or byte, and both sides around it.
 */
final class OutcomeComparison {

    private static final int CONTEXT = 60;

    private OutcomeComparison() {}

    /** The first difference between {@code a} (from engine {@code aName}) and {@code b}, if any. */
    static Optional<String> firstDifference(String aName, RunOutcome a, String bName, RunOutcome b) {
        if (!a.status().equals(b.status())) {
            return Optional.of(values("status differs", aName, a.status(), bName, b.status()));
        }
        if (a.exitCode() != b.exitCode()) {
            return Optional.of(values("exit code differs", aName, String.valueOf(a.exitCode()), bName, String.valueOf(b.exitCode())));
        }
        for (var field : List.of(
                new Text("error type", a.errorType(), b.errorType()),
                new Text("error message", a.errorMessage(), b.errorMessage()),
                new Text("error traceback", a.errorTraceback(), b.errorTraceback()),
                new Text("stdout", a.stdout(), b.stdout()),
                new Text("stderr", a.stderr(), b.stderr()))) {
            Optional<String> d = text(field.name, aName, field.a, bName, field.b);
            if (d.isPresent()) {
                return d;
            }
        }
        List<String> aNames = a.artifacts().stream().map(RunOutcome.OutputFile::name).toList();
        List<String> bNames = b.artifacts().stream().map(RunOutcome.OutputFile::name).toList();
        if (!aNames.equals(bNames)) {
            return Optional.of(values("artifact names differ", aName, aNames.toString(), bName, bNames.toString()));
        }
        for (int i = 0; i < aNames.size(); i++) {
            byte[] x = a.artifacts().get(i).bytes();
            byte[] y = b.artifacts().get(i).bytes();
            int at = java.util.Arrays.mismatch(x, y);
            if (at >= 0) {
                return Optional.of("artifact " + aNames.get(i) + " differs at byte " + at + ":\n  " + aName + ": "
                        + a.artifacts().get(i) + ", bytes from " + at + ": " + hex(x, at) + "\n  " + bName + ": "
                        + b.artifacts().get(i) + ", bytes from " + at + ": " + hex(y, at));
            }
        }
        return Optional.empty();
    }

    private record Text(String name, String a, String b) {}

    private static Optional<String> text(String field, String aName, String a, String bName, String b) {
        if (a.equals(b)) {
            return Optional.empty();
        }
        int at = 0;
        int end = Math.min(a.length(), b.length());
        while (at < end && a.charAt(at) == b.charAt(at)) {
            at++;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (a.charAt(i) == '\n') {
                line++;
            }
        }
        return Optional.of(field + " differs at character " + at + " (line " + line + "; lengths " + a.length() + " and "
                + b.length() + "):\n  " + aName + ": " + around(a, at) + "\n  " + bName + ": " + around(b, at));
    }

    private static String values(String heading, String aName, String a, String bName, String b) {
        return heading + ":\n  " + aName + ": " + a + "\n  " + bName + ": " + b;
    }

    /** The text around {@code at}, quoted, with control characters escaped; "|" marks {@code at}. */
    static String around(String s, int at) {
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(s.length(), at + CONTEXT);
        return (from > 0 ? "…" : "") + "\"" + escape(s.substring(from, at)) + "|" + escape(s.substring(at, to)) + "\""
                + (to < s.length() ? "…" : "") + (at >= s.length() ? " (ends here)" : "");
    }

    private static String escape(String s) {
        var out = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static String hex(byte[] bytes, int at) {
        var parts = new ArrayList<String>();
        for (int i = at; i < Math.min(bytes.length, at + 16); i++) {
            parts.add(String.format("%02x", bytes[i] & 0xff));
        }
        return parts.isEmpty() ? "(ends here)" : String.join(" ", parts);
    }
}
