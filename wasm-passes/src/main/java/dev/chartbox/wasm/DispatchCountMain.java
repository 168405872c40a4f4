package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build of a profiling guest: {@code DispatchCountMain IN OUT FUNCTION}. Counts, per selector value,
 * how often FUNCTION's switch with the most cases dispatches: before its {@code br_table} the value v (when below
 * the table's length) adds one to the 32-bit counter at linear-memory address 4v. That is the first KiB,
 * below the guest's data (wasm-ld's global base is 1024), which C code reaches only through a null
 * pointer, so counting changes nothing the program sees; the runner reads the counters after the run
 * (bench/profile-dispatch.py).
 */
public final class DispatchCountMain {
    private DispatchCountMain() {}

    public static void main(String[] args) throws IOException {
        WasmBinary module = WasmBinary.parse(Files.readAllBytes(Path.of(args[0])));
        int f = functionNamed(module, args[2]);
        FunctionCode code = CodeCodec.decode(module.body(f));
        SwitchLadder ladder = null;
        for (SwitchLadder l : SwitchLadder.all(code.instrs, new SizeEstimate(module))) {
            if (ladder == null || l.caseCount() > ladder.caseCount()) {
                ladder = l;
            }
        }
        if (ladder == null) {
            throw new IllegalArgumentException(args[2] + " has no switch");
        }
        int length = ladder.table().length;
        if (length > 256) {
            throw new IllegalArgumentException("a table of " + length + " entries does not fit the null page");
        }
        int v = code.addLocal((byte) 0x7F, module.typeOfFunction(f).params().length);
        List<Instr> count = new ArrayList<>();
        count.add(new Instr(Op.LOCAL_GET, v));
        count.add(new Instr(Op.I32_CONST, 2));
        count.add(new Instr(0x74)); // i32.shl
        count.add(new Instr(Op.LOCAL_GET, v));
        count.add(new Instr(Op.I32_CONST, 2));
        count.add(new Instr(0x74));
        count.add(aligned(Op.I32_LOAD));
        count.add(new Instr(Op.I32_CONST, 1));
        count.add(new Instr(0x6A)); // i32.add
        count.add(aligned(0x36)); // i32.store
        List<Instr> guarded = new ArrayList<>();
        guarded.add(new Instr(Op.LOCAL_TEE, v));
        guarded.add(new Instr(Op.I32_CONST, length));
        guarded.add(new Instr(Op.I32_LT_U));
        guarded.add(Instr.block(Op.IF, Op.BLOCK_EMPTY, count));
        guarded.add(new Instr(Op.LOCAL_GET, v));
        List<Instr> dispatchCode = ladder.dispatchCode();
        dispatchCode.addAll(dispatchCode.size() - 1, guarded);
        module.setBody(f, CodeCodec.encode(code));
        Files.write(Path.of(args[1]), module.encode());
        System.err.printf("chartbox wasm-passes: counting %d selector values of %s (function %d)%n", length, args[2], f);
    }

    /** A 32-bit memory access at offset 0, 4-byte aligned. */
    private static Instr aligned(int op) {
        Instr access = new Instr(op);
        access.a = 2;
        return access;
    }

    private static int functionNamed(WasmBinary module, String name) {
        for (int f = module.importedFunctions; f < module.functionCount(); f++) {
            if (name.equals(module.nameOf(f))) {
                return f;
            }
        }
        throw new IllegalArgumentException("no function named " + name);
    }
}
