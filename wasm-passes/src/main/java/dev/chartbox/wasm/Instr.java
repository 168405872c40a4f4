package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One instruction of a function body, as a tree: block, loop, if and try_table own their bodies
 * (no explicit else/end). Immediates live in {@code a}, {@code b}, {@code c}, {@code labels} and
 * {@code valTypes}; which ones an opcode uses is written down in {@link CodeCodec}.
 */
public final class Instr {
    public final int op;
    /** First immediate: index, depth, constant bits, block type, alignment, or br_table default. */
    public long a;
    /** Second immediate: call_indirect table, memory offset, second memory/table/segment index. */
    public long b;
    /** Third immediate: memory index of a memory access whose alignment has the 0x40 flag. */
    public long c;
    /** Encoded widths of {@code a} and {@code b} when the producer padded them; 0 means minimal. */
    public byte widthA, widthB;
    /** Lane index of a SIMD extract/replace lane or lane load/store. */
    public int lane;
    /** br_table targets, or try_table catch clauses as (kind, tag, label, tag LEB width) quadruples. */
    public int[] labels;
    /** select's explicit result types. */
    public byte[] valTypes;
    /** Body of block/loop/try_table, or the then-branch of if. */
    public List<Instr> body;
    /** The else-branch of if, or null when the if has no else. */
    public List<Instr> elseBody;

    public Instr(int op) {
        this.op = op;
    }

    public Instr(int op, long a) {
        this.op = op;
        this.a = a;
    }

    public static Instr block(int op, long blockType, List<Instr> body) {
        Instr i = new Instr(op, blockType);
        i.body = body;
        return i;
    }

    public boolean isStructured() {
        return body != null;
    }

    /** A deep copy: passes rewrite copies, never the trees they read. */
    public Instr copy() {
        Instr i = new Instr(op);
        i.a = a;
        i.b = b;
        i.c = c;
        i.widthA = widthA;
        i.widthB = widthB;
        i.lane = lane;
        i.labels = labels == null ? null : labels.clone();
        i.valTypes = valTypes == null ? null : valTypes.clone();
        i.body = body == null ? null : copyAll(body);
        i.elseBody = elseBody == null ? null : copyAll(elseBody);
        return i;
    }

    /** A copy of the immediates only; bodies are left for the caller to fill. */
    public Instr copyShallow() {
        Instr i = new Instr(op);
        i.a = a;
        i.b = b;
        i.c = c;
        i.widthA = widthA;
        i.widthB = widthB;
        i.lane = lane;
        i.labels = labels == null ? null : labels.clone();
        i.valTypes = valTypes == null ? null : valTypes.clone();
        return i;
    }

    /** Replaces each branch label of this instruction (br, br_if, br_table, try_table's catches) by {@code f} of it. */
    public void mapLabels(IntUnaryOperator f) {
        switch (op) {
            case Op.BR, Op.BR_IF -> a = f.applyAsInt((int) a);
            case Op.BR_TABLE -> {
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = f.applyAsInt(labels[k]);
                }
                a = f.applyAsInt((int) a);
            }
            case Op.TRY_TABLE -> {
                for (int k = 0; k < labels.length; k += 4) {
                    labels[k + 2] = f.applyAsInt(labels[k + 2]);
                }
            }
            default -> {}
        }
    }

    public static List<Instr> copyAll(List<Instr> list) {
        List<Instr> out = new ArrayList<>(list.size());
        for (Instr i : list) {
            out.add(i.copy());
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format("op=0x%x a=%d b=%d", op, a, b);
    }
}
