package dev.chartbox.bench;

import static dev.chartbox.sandbox.cli.Json.quote;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Indented JSON for the results file: maps, lists, strings, numbers, booleans, null (non-finite numbers as null). */
final class Json {

    private Json() {}

    static String write(Object value) {
        var out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(s, out);
            case Double d -> out.append(Double.isFinite(d) ? number(d) : "null");
            case Float f -> out.append(Float.isFinite(f) ? number(f) : "null");
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                String inner = indent + "  ";
                out.append("{\n");
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    var e = it.next();
                    out.append(inner);
                    quote(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out, inner);
                    out.append(it.hasNext() ? ",\n" : "\n");
                }
                out.append(indent).append('}');
            }
            case List<?> list -> {
                boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
                if (flat) {
                    out.append('[');
                    for (int i = 0; i < list.size(); i++) {
                        write(list.get(i), out, indent);
                        out.append(i + 1 < list.size() ? ", " : "");
                    }
                    out.append(']');
                    return;
                }
                String inner = indent + "  ";
                out.append("[\n");
                for (int i = 0; i < list.size(); i++) {
                    out.append(inner);
                    write(list.get(i), out, inner);
                    out.append(i + 1 < list.size() ? ",\n" : "\n");
                }
                out.append(indent).append(']');
            }
            default -> quote(String.valueOf(value), out);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
