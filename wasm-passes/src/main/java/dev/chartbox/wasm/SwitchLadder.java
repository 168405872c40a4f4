package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A switch as compilers lay it out in Wasm: a ladder of nested empty blocks B_0 ⊂ B_1 ⊂ … ⊂ B_N whose
 * innermost one ends with the dispatch {@code br_table}; case k is the code after B_k's end (for k &lt; N
 * the rest of B_{k+1}'s body; case N, what follows B_N, stays where it is). A case may fall through to
 * the next one or branch to a later one.
 *
 * <p>{@link #regroup} turns it into a two-level switch: the dispatch picks one of G groups of
 * consecutive cases, and each group, a single block, dispatches again on the same value to its own
 * cases. A branch to a case of another group sets the selector to a value that reaches that case and
 * branches to that group's dispatch. Each group block can then become a piece of its own: the function
 * keeps the first dispatch and one call per group instead of every case (CPython's eval loop has ~300).
 */
final class SwitchLadder {

    /** The structured instructions around the ladder, outermost first; the ladder is in the last one's body. */
    final List<Instr> enclosing;
    /** The sequence holding B_N, and B_N's index in it. */
    private final List<Instr> holder;
    private final int index;
    /** B_0 … B_N. */
    private final List<Instr> blocks;
    final int size;

    private SwitchLadder(List<Instr> enclosing, List<Instr> holder, int index, List<Instr> blocks, int size) {
        this.enclosing = enclosing;
        this.holder = holder;
        this.index = index;
        this.blocks = blocks;
        this.size = size;
    }

    /** The biggest ladder with at least three cases in {@code body}, or null. */
    static SwitchLadder biggest(List<Instr> body, SizeEstimate estimate) {
        List<SwitchLadder> found = all(body, estimate);
        SwitchLadder best = null;
        for (SwitchLadder l : found) {
            if (best == null || l.size > best.size) {
                best = l;
            }
        }
        return best;
    }

    /** Every ladder with at least three cases in {@code body}, outermost first. */
    static List<SwitchLadder> all(List<Instr> body, SizeEstimate estimate) {
        List<SwitchLadder> found = new ArrayList<>();
        find(body, new ArrayList<>(), false, estimate, found);
        return found;
    }

    private static void find(List<Instr> seq, List<Instr> enclosing, boolean firstInEmptyBlock, SizeEstimate estimate,
            List<SwitchLadder> out) {
        for (int i = 0; i < seq.size(); i++) {
            Instr in = seq.get(i);
            if (in.body == null) {
                continue;
            }
            boolean top = !(firstInEmptyBlock && i == 0);
            if (top && isEmptyBlock(in)) {
                List<Instr> chain = chain(in);
                if (chain != null && chain.size() >= 3) {
                    out.add(new SwitchLadder(List.copyOf(enclosing), seq, i, chain, estimate.of(in)));
                }
            }
            enclosing.add(in);
            find(in.body, enclosing, isEmptyBlock(in), estimate, out);
            if (in.elseBody != null) {
                find(in.elseBody, enclosing, false, estimate, out);
            }
            enclosing.remove(enclosing.size() - 1);
        }
    }

    /** B_0 … B_N below {@code top}, or null when the innermost block is not a plain dispatch. */
    private static List<Instr> chain(Instr top) {
        List<Instr> down = new ArrayList<>();
        Instr b = top;
        down.add(b);
        while (!b.body.isEmpty() && isEmptyBlock(b.body.get(0))) {
            b = b.body.get(0);
            down.add(b);
        }
        List<Instr> body = b.body;
        if (body.isEmpty() || body.get(body.size() - 1).op != Op.BR_TABLE) {
            return null;
        }
        for (Instr in : body.subList(0, body.size() - 1)) {
            if (in.body != null || in.op == Op.BR || in.op == Op.BR_IF || in.op == Op.BR_TABLE) {
                return null; // the selector's computation must move as it is
            }
        }
        return down.reversed();
    }

    private static boolean isEmptyBlock(Instr in) {
        return in.op == Op.BLOCK && in.a == Op.BLOCK_EMPTY;
    }

    /** N + 1: the cases, case N (what follows the ladder) included. */
    int caseCount() {
        return blocks.size();
    }

    /** The dispatch's table: the case (or, from N on, the outer label N+o) each selector value reaches. */
    int[] table() {
        return dispatch().labels;
    }

    private Instr dispatch() {
        List<Instr> code = dispatchCode();
        return code.get(code.size() - 1);
    }

    /** The estimated size of case k's code (k &lt; N). */
    int caseSize(int k, SizeEstimate estimate) {
        return estimate.of(caseCode(k));
    }

    /** The innermost block's body: the selector's computation, then the dispatch {@code br_table}. */
    List<Instr> dispatchCode() {
        return blocks.get(0).body;
    }

    /** The instructions of case k (k &lt; N), in B_{k+1}'s body. */
    private List<Instr> caseCode(int k) {
        List<Instr> body = blocks.get(k + 1).body;
        return body.subList(1, body.size());
    }

    /**
     * Rewrites the ladder into groups of consecutive cases of about {@code groupTarget} estimated bytes
     * each, the selector kept in a new local; each case in {@code kept} is a group of its own (to stay
     * in the function while the others become pieces). Returns X_0 … X_G: X_0 holds the first
     * dispatch, group g is the single instruction after X_g in X_{g+1}'s body, and X_G's end leads to
     * case N. Returns null (nothing changed) when the cases make fewer than two groups.
     */
    Groups regroup(IntSupplier newI32Local, int groupTarget, SizeEstimate estimate, BitSet kept) {
        int n = blocks.size() - 1;
        List<int[]> groups = new ArrayList<>();
        BitSet keptGroups = new BitSet();
        int lo = 0;
        int acc = 0;
        for (int k = 0; k < n; k++) {
            if (kept.get(k)) {
                if (lo < k) {
                    groups.add(new int[] {lo, k - 1});
                }
                keptGroups.set(groups.size());
                groups.add(new int[] {k, k});
                lo = k + 1;
                acc = 0;
                continue;
            }
            acc += estimate.of(caseCode(k)) + 8;
            if (acc >= groupTarget || k == n - 1) {
                groups.add(new int[] {lo, k});
                lo = k + 1;
                acc = 0;
            }
        }
        if (groups.size() < 2) {
            return null;
        }
        int sel = newI32Local.getAsInt();
        Selectors selectors = new Selectors(dispatch());
        int groupCount = groups.size();
        int[] groupOf = new int[n];
        for (int g = 0; g < groupCount; g++) {
            for (int k = groups.get(g)[0]; k <= groups.get(g)[1]; k++) {
                groupOf[k] = g;
            }
        }
        // a branch to a case of another group goes through a trampoline that sets the selector
        List<List<Integer>> trampolines = new ArrayList<>();
        for (int[] g : groups) {
            List<Integer> targets = new ArrayList<>();
            for (int k = g[0]; k <= g[1]; k++) {
                for (int m : caseTargets(caseCode(k), 0, k)) {
                    if (m > g[1] && m < n && !targets.contains(m)) {
                        targets.add(m);
                    }
                }
            }
            trampolines.add(targets);
        }
        for (int g = 0; g < groupCount; g++) {
            for (int m : trampolines.get(g)) {
                selectors.of(m);
            }
            int next = groups.get(g)[1] + 1;
            if (next < n) {
                selectors.of(next);
            }
        }
        List<Instr> groupBlocks = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            groupBlocks.add(group(g, groups.get(g), groupCount, groupOf, trampolines.get(g), selectors, sel));
        }

        // X_0: the selector's computation, clamped so that values past the table are one value, then the
        // dispatch to a group (or case N, or a label outside the ladder)
        List<Instr> first = new ArrayList<>(blocks.get(0).body.subList(0, blocks.get(0).body.size() - 1));
        int limit = selectors.tableLength;
        first.add(new Instr(Op.LOCAL_SET, sel));
        first.add(new Instr(Op.LOCAL_GET, sel));
        first.add(new Instr(Op.I32_CONST, limit));
        first.add(new Instr(Op.LOCAL_GET, sel));
        first.add(new Instr(Op.I32_CONST, limit));
        first.add(new Instr(Op.I32_LT_U));
        first.add(new Instr(Op.SELECT));
        first.add(new Instr(Op.LOCAL_TEE, sel));
        Instr table = new Instr(Op.BR_TABLE);
        table.labels = new int[limit + 1];
        for (int v = 0; v <= limit; v++) {
            int c = selectors.caseOf(v);
            table.labels[v] = c < n ? groupOf[c] : groupCount + (c - n);
        }
        table.a = table.labels[limit];
        first.add(table);

        List<Instr> xs = new ArrayList<>();
        Instr x = Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, first);
        xs.add(x);
        for (int g = 0; g < groupCount; g++) {
            List<Instr> body = new ArrayList<>();
            body.add(x);
            body.add(groupBlocks.get(g));
            x = Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, body);
            xs.add(x);
        }
        holder.set(index, x);
        return new Groups(xs, keptGroups);
    }

    /** X_0 … X_G (see {@link #regroup}), and the groups that hold one kept case each. */
    record Groups(List<Instr> xs, BitSet kept) {}

    /**
     * Group g: {@code block OUT { block T_1 { … block T_t { E-ladder of its cases; br OUT } tramp_t } … tramp_1 }}
     * where the E-ladder re-dispatches on the selector, and tramp_j sets it for the j-th other-group case
     * the group branches to, then branches to that group's X block.
     */
    private Instr group(int g, int[] range, int groupCount, int[] groupOf, List<Integer> tramps, Selectors selectors,
            int sel) {
        int lo = range[0];
        int hi = range[1];
        int n = blocks.size() - 1;
        int t = tramps.size();
        // E_lo: the re-dispatch; an impossible selector traps
        List<Instr> trap = new ArrayList<>();
        trap.add(new Instr(Op.LOCAL_GET, sel));
        Instr table = new Instr(Op.BR_TABLE);
        table.labels = new int[selectors.count()];
        for (int v = 0; v < table.labels.length; v++) {
            int c = selectors.caseOf(v);
            table.labels[v] = c >= lo && c <= hi ? 1 + c - lo : 0;
        }
        table.a = 0;
        trap.add(table);
        List<Instr> eLo = new ArrayList<>();
        eLo.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, trap));
        eLo.add(new Instr(Op.UNREACHABLE));
        Instr e = Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, eLo);
        for (int k = lo; k < hi; k++) {
            List<Instr> code = new ArrayList<>(caseCode(k));
            relabel(code, 0, k, hi, t, g, groupCount, tramps);
            List<Instr> body = new ArrayList<>();
            body.add(e);
            body.addAll(code);
            e = Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, body);
        }
        List<Instr> ladder = new ArrayList<>();
        if (lo < hi) {
            ladder.add(e); // a group of one case needs no second dispatch
        }
        List<Instr> last = new ArrayList<>(caseCode(hi));
        relabel(last, 0, hi, hi, t, g, groupCount, tramps);
        ladder.addAll(last);
        if (hi + 1 < n) {
            ladder.add(new Instr(Op.I32_CONST, selectors.of(hi + 1)));
            ladder.add(new Instr(Op.LOCAL_SET, sel));
        }
        if (t == 0) {
            return Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, ladder);
        }
        ladder.add(new Instr(Op.BR, t));
        List<Instr> inner = ladder;
        for (int j = t; j >= 1; j--) {
            int m = tramps.get(j - 1);
            List<Instr> outer = new ArrayList<>();
            outer.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, inner));
            outer.add(new Instr(Op.I32_CONST, selectors.of(m)));
            outer.add(new Instr(Op.LOCAL_SET, sel));
            // from here: T_{j-1} … T_1 and OUT (j labels), then X_{g+1} …
            outer.add(new Instr(Op.BR, j + groupOf[m] - g - 1));
            inner = outer;
        }
        return Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, inner);
    }

    /** The ladder cases (k+1 … N) and outer labels (N+1 …, as case numbers) that case k's code branches to. */
    private List<Integer> caseTargets(List<Instr> seq, int nest, int k) {
        List<Integer> out = new ArrayList<>();
        forEachLabel(seq, nest, (depth, at) -> {
            out.add(k + 1 + depth - at);
            return depth;
        });
        return out;
    }

    /**
     * Rewrites case k's branches that leave it: to a case of the same group they keep their depth; to
     * case N or outside the ladder they reach past the group's blocks; to another group, its trampoline.
     */
    private void relabel(List<Instr> seq, int nest, int k, int hi, int t, int g, int groupCount, List<Integer> tramps) {
        int n = blocks.size() - 1;
        forEachLabel(seq, nest, (depth, at) -> {
            int m = k + 1 + depth - at;
            int base = at + hi - k; // T_t's depth here; T_j is t - j further, OUT t, X_{g+1+q} t + 1 + q
            if (m <= hi) {
                return depth;
            }
            if (m < n) {
                return base + t - (tramps.indexOf(m) + 1);
            }
            return base + t + 1 + (groupCount - g - 1) + (m - n);
        });
    }

    private interface LabelRewrite {
        /** A label {@code depth} that leaves the case, seen {@code at} structured levels into it. */
        int apply(int depth, int at);
    }

    /** Calls {@code f} on every branch label in {@code seq} that leaves it, storing what it returns. */
    private static void forEachLabel(List<Instr> seq, int nest, LabelRewrite f) {
        for (Instr in : seq) {
            in.mapLabels(depth -> depth < nest ? depth : f.apply(depth, nest));
            if (in.body != null) {
                forEachLabel(in.body, nest + 1, f);
                if (in.elseBody != null) {
                    forEachLabel(in.elseBody, nest + 1, f);
                }
            }
        }
    }

    /**
     * Selector values: the dispatch table's own (0 … L-1, and L for everything past it), then one made-up
     * value per case that no table entry reaches but a branch from another group does.
     */
    private static final class Selectors {
        final int tableLength;
        /** The case each value reaches: the table's, the default's at L, then the made-up values'. */
        private final List<Integer> cases = new ArrayList<>();

        Selectors(Instr dispatch) {
            tableLength = dispatch.labels.length;
            for (int label : dispatch.labels) {
                cases.add(label);
            }
            cases.add((int) dispatch.a);
        }

        /** The case (ladder block number, or N+1+o for outer label o) value v dispatches to. */
        int caseOf(int v) {
            return cases.get(v);
        }

        /** A value that dispatches to case m, made up when none does yet. */
        int of(int m) {
            int v = cases.indexOf(m);
            if (v < 0) {
                v = cases.size();
                cases.add(m);
            }
            return v;
        }

        int count() {
            return cases.size();
        }
    }
}
