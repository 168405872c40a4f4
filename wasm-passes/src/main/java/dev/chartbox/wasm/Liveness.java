package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Which locals of a function body may still be read: the classic backward dataflow, over structured
 * control flow. A local is live at a point when some path from there reads it before writing it.
 *
 * <p>It answers, for a region about to become a piece, which locals the piece must take (live at its
 * start and read in it) and which it must hand back (written in it and live where control leaves it).
 * Over-approximating is always safe (a piece takes or returns a local it did not need to); the answers
 * are exact for straight-line code and as exact as the branch structure allows elsewhere. Exceptions
 * are approximated by letting every call and throw inside a {@code try_table} reach all of its handlers.
 */
final class Liveness {

    private static final BitSet NONE = new BitSet();

    /** Per instruction sequence, live locals before each instruction; index {@code size()} is after the last. */
    private final IdentityHashMap<List<Instr>, BitSet[]> before = new IdentityHashMap<>();
    /** Per structured instruction, live locals where a branch to its label lands. */
    private final IdentityHashMap<Instr, BitSet> atLabel = new IdentityHashMap<>();
    /** Per try_table, live locals at any of its handlers (or an outer one an exception may reach). */
    private final IdentityHashMap<Instr, BitSet> atHandler = new IdentityHashMap<>();

    Liveness(List<Instr> body) {
        sequence(body, new BitSet(), new ArrayList<>(List.of(NONE)), NONE);
    }

    /** Live locals before {@code seq.get(i)}, or after the sequence when {@code i == seq.size()}. */
    BitSet at(List<Instr> seq, int i) {
        return before.get(seq)[i];
    }

    /** Live locals where a branch to this block, loop, if or try_table lands. */
    BitSet atLabelOf(Instr structured) {
        return atLabel.get(structured);
    }

    /** Live locals at the handlers an exception thrown inside this try_table may reach. */
    BitSet atHandlerOf(Instr tryTable) {
        return atHandler.get(tryTable);
    }

    /**
     * Live locals before {@code seq}, given those live after it, the live sets of the enclosing labels
     * (innermost last) and of the handlers an exception may reach.
     */
    private BitSet sequence(List<Instr> seq, BitSet after, List<BitSet> labels, BitSet handlers) {
        BitSet[] at = new BitSet[seq.size() + 1];
        BitSet live = (BitSet) after.clone();
        at[seq.size()] = (BitSet) live.clone();
        for (int i = seq.size() - 1; i >= 0; i--) {
            live = instruction(seq.get(i), live, labels, handlers);
            at[i] = (BitSet) live.clone();
        }
        before.put(seq, at);
        return live;
    }

    private BitSet instruction(Instr in, BitSet after, List<BitSet> labels, BitSet handlers) {
        BitSet live = after;
        switch (in.op) {
            case Op.LOCAL_GET -> live.set((int) in.a);
            case Op.LOCAL_SET, Op.LOCAL_TEE -> live.clear((int) in.a);
            case Op.BR -> live = copy(label(labels, in.a));
            case Op.BR_IF -> live.or(label(labels, in.a));
            case Op.BR_TABLE -> {
                live = copy(label(labels, in.a));
                for (int l : in.labels) {
                    live.or(label(labels, l));
                }
            }
            case Op.RETURN, Op.UNREACHABLE, Op.RETURN_CALL, Op.RETURN_CALL_INDIRECT -> live = new BitSet();
            case Op.THROW, Op.THROW_REF -> live = copy(handlers);
            case Op.CALL, Op.CALL_INDIRECT -> live.or(handlers);
            case Op.BLOCK -> {
                atLabel.put(in, copy(after));
                live = sequence(in.body, after, push(labels, after), handlers);
            }
            case Op.LOOP -> live = loop(in, after, labels, handlers);
            case Op.IF -> {
                atLabel.put(in, copy(after));
                List<BitSet> inner = push(labels, after);
                BitSet then = sequence(in.body, after, inner, handlers);
                BitSet otherwise = in.elseBody != null ? sequence(in.elseBody, after, inner, handlers) : copy(after);
                then.or(otherwise);
                live = then;
            }
            case Op.TRY_TABLE -> {
                atLabel.put(in, copy(after));
                // handlers are labels of the context outside the try_table; an uncaught exception goes on
                BitSet reached = copy(handlers);
                for (int k = 0; k < in.labels.length; k += 4) {
                    reached.or(label(labels, in.labels[k + 2]));
                }
                atHandler.put(in, reached);
                live = sequence(in.body, after, push(labels, after), reached);
            }
            default -> {}
        }
        return live;
    }

    /** A loop's label is its start, so its live set is a fixed point: iterate until it stops growing. */
    private BitSet loop(Instr in, BitSet after, List<BitSet> labels, BitSet handlers) {
        BitSet head = new BitSet();
        while (true) {
            BitSet next = sequence(in.body, after, push(labels, head), handlers);
            if (next.equals(head)) {
                atLabel.put(in, copy(head));
                return next;
            }
            head = next;
        }
    }

    private static BitSet label(List<BitSet> labels, long depth) {
        return labels.get(labels.size() - 1 - (int) depth);
    }

    private static List<BitSet> push(List<BitSet> labels, BitSet label) {
        List<BitSet> inner = new ArrayList<>(labels.size() + 1);
        inner.addAll(labels);
        inner.add(label);
        return inner;
    }

    private static BitSet copy(BitSet b) {
        return (BitSet) b.clone();
    }
}
