package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded function body: its local declarations, kept as the (count, type) groups they were
 * written in so that an unchanged body encodes to the same bytes, and its instruction tree.
 */
public final class FunctionCode {
    public final List<Long> localCounts = new ArrayList<>();
    public final List<Byte> localTypes = new ArrayList<>();
    public List<Instr> instrs;

    /** Every declared local's type, one entry per local (parameters not included). */
    public byte[] flatLocals() {
        long total = 0;
        for (long c : localCounts) {
            total += c;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int k = 0;
        for (int g = 0; g < localCounts.size(); g++) {
            for (long n = 0; n < localCounts.get(g); n++) {
                out[k++] = localTypes.get(g);
            }
        }
        return out;
    }

    /** Appends one local of {@code type}, returning its index given {@code paramCount} parameters. */
    public int addLocal(byte type, int paramCount) {
        int index = paramCount + flatLocals().length;
        int last = localTypes.size() - 1;
        if (last >= 0 && localTypes.get(last) == type) {
            localCounts.set(last, localCounts.get(last) + 1);
        } else {
            localCounts.add(1L);
            localTypes.add(type);
        }
        return index;
    }
}
