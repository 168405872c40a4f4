package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How often each {@code call_indirect} site calls each table slot, as a share of all indirect calls
 * over a corpus of programs (made with {@link CallCountMain}). A site is named by its function's index
 * and its ordinal among that function's {@code call_indirect}s in code order.
 *
 * <p>File format: one line per (site, slot) pair, {@code FUNCTION ORDINAL SLOT SHARE}, separated by
 * tabs or spaces; {@code #} starts a comment.
 */
public final class CallProfile {
    /** One slot a site calls, and how often, as a share of all indirect calls. */
    public record Target(int slot, double share) {}

    private final Map<Long, List<Target>> bySite = new HashMap<>();

    public static CallProfile read(Path file) throws IOException {
        CallProfile profile = new CallProfile();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ": not four fields: " + line);
            }
            profile.add(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]));
        }
        return profile;
    }

    public void add(int function, int ordinal, int slot, double share) {
        bySite.computeIfAbsent(key(function, ordinal), k -> new ArrayList<>()).add(new Target(slot, share));
    }

    /** The slots the site calls, most frequent first; empty when the profile never saw it. */
    public List<Target> targets(int function, int ordinal) {
        List<Target> targets = new ArrayList<>(bySite.getOrDefault(key(function, ordinal), List.of()));
        targets.sort((a, b) -> Double.compare(b.share, a.share));
        return targets;
    }

    /** The functions with a profiled site, in index order. */
    public SortedSet<Integer> functions() {
        SortedSet<Integer> functions = new TreeSet<>();
        for (long key : bySite.keySet()) {
            functions.add((int) (key >>> 32));
        }
        return functions;
    }

    /** What to put in place of a function's {@code ordinal}-th indirect call; null keeps it. */
    @FunctionalInterface
    public interface SiteRewrite {
        List<Instr> replace(Instr call, int ordinal);
    }

    /**
     * Visits a function's {@code call_indirect} and {@code return_call_indirect} instructions in code
     * order, numbering them from 0 as the profile does, and puts each rewrite in place. Returns the
     * number of sites.
     */
    public static int rewriteSites(List<Instr> code, SiteRewrite rewrite) {
        return rewriteSites(code, rewrite, 0);
    }

    private static int rewriteSites(List<Instr> list, SiteRewrite rewrite, int ordinal) {
        for (int i = 0; i < list.size(); i++) {
            Instr in = list.get(i);
            if (in.body != null) {
                ordinal = rewriteSites(in.body, rewrite, ordinal);
            }
            if (in.elseBody != null) {
                ordinal = rewriteSites(in.elseBody, rewrite, ordinal);
            }
            if (in.op == Op.CALL_INDIRECT || in.op == Op.RETURN_CALL_INDIRECT) {
                List<Instr> replacement = rewrite.replace(in, ordinal++);
                if (replacement != null) {
                    list.remove(i);
                    list.addAll(i, replacement);
                    i += replacement.size() - 1;
                }
            }
        }
        return ordinal;
    }

    private static long key(int function, int ordinal) {
        return (long) function << 32 | ordinal;
    }
}
