package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build of a profiling guest: {@code CallCountMain IN OUT}. Counts, per {@code call_indirect} site,
 * how often each table slot is called. Every site calls an added function {@code count(site, slot)}
 * first, where site is {@code function index << 12 | the site's ordinal in its function}; count keeps
 * (site, slot, calls) triples in an open-addressed hash table in a memory of its own, exported as
 * {@value #MEMORY}, so the program's memory is as it was. The runner reads the triples after a run
 * (bench/profile-calls.py).
 */
public final class CallCountMain {
    static final String MEMORY = "chartbox_call_counts";
    /** Slots of 16 bytes: site + 1 (0 = free), table slot, calls, unused. A corpus fills a few thousand. */
    static final int SLOTS = 1 << 21;
    private static final int MAX_SITES_PER_FUNCTION = 1 << 12;

    private CallCountMain() {}

    public static void main(String[] args) throws IOException {
        WasmBinary module = WasmBinary.parse(Files.readAllBytes(Path.of(args[0])));
        int memory = module.addExportedMemory(MEMORY, (long) SLOTS * 16 / 65536);
        int defined = module.functionCount();
        if (defined >= 1 << 19) {
            throw new IllegalArgumentException(defined + " functions: a site's number (function << 12 | ordinal) needs fewer than 2^19");
        }
        int count = module.addFunction(new FuncType(new byte[] {I32, I32}, new byte[0]), countBody(memory), "chartbox_count_call");
        int sites = 0;
        for (int f = module.importedFunctions; f < defined; f++) {
            sites += instrument(module, f, count);
        }
        Files.write(Path.of(args[1]), module.encode());
        System.err.printf("chartbox wasm-passes: counting %d call_indirect sites into memory %d (%s)%n", sites, memory, MEMORY);
    }

    /** Puts a call of {@code count(site, slot)} before each of function f's indirect calls; returns how many. */
    private static int instrument(WasmBinary module, int f, int count) {
        FunctionCode code = CodeCodec.decode(module.body(f));
        int paramCount = module.typeOfFunction(f).params().length;
        int[] slot = {-1};
        int sites = CallProfile.rewriteSites(code.instrs, (call, ordinal) -> {
            if (ordinal == MAX_SITES_PER_FUNCTION) {
                throw new IllegalArgumentException("function " + f + " has more than " + MAX_SITES_PER_FUNCTION + " call_indirect sites");
            }
            if (slot[0] < 0) {
                slot[0] = code.addLocal(I32, paramCount);
            }
            return List.of(new Instr(Op.LOCAL_TEE, slot[0]), new Instr(Op.I32_CONST, f << 12 | ordinal),
                    new Instr(Op.LOCAL_GET, slot[0]), new Instr(Op.CALL, count), call);
        });
        if (sites > 0) {
            module.setBody(f, CodeCodec.encode(code));
        }
        return sites;
    }

    private static final byte I32 = 0x7F;
    private static final int I32_EQZ = 0x45, I32_EQ = 0x46, I32_ADD = 0x6A, I32_MUL = 0x6C, I32_AND = 0x71, I32_XOR = 0x73,
            I32_SHL = 0x74, I32_STORE = 0x36;

    /** count(site, slot): find (site, slot)'s entry by linear probing from its hash, claim it if new, add one. */
    private static byte[] countBody(int memory) {
        int site = 0, slot = 1, h = 2, address = 3;
        FunctionCode code = new FunctionCode();
        code.localCounts.add(2L);
        code.localTypes.add(I32);
        List<Instr> claim = List.of(
                get(address), get(site), i32(1), op(I32_ADD), access(I32_STORE, memory, 0),
                get(address), get(slot), access(I32_STORE, memory, 4),
                get(address), i32(1), access(I32_STORE, memory, 8),
                new Instr(Op.BR, 2));
        List<Instr> add = List.of(
                get(address), get(address), access(Op.I32_LOAD, memory, 8), i32(1), op(I32_ADD), access(I32_STORE, memory, 8),
                new Instr(Op.BR, 2));
        List<Instr> probe = new ArrayList<>(List.of(
                get(h), i32(4), op(I32_SHL), new Instr(Op.LOCAL_SET, address),
                get(address), access(Op.I32_LOAD, memory, 0), op(I32_EQZ),
                Instr.block(Op.IF, Op.BLOCK_EMPTY, new ArrayList<>(claim)),
                get(address), access(Op.I32_LOAD, memory, 0), get(site), i32(1), op(I32_ADD), op(I32_EQ),
                get(address), access(Op.I32_LOAD, memory, 4), get(slot), op(I32_EQ), op(I32_AND),
                Instr.block(Op.IF, Op.BLOCK_EMPTY, new ArrayList<>(add)),
                get(h), i32(1), op(I32_ADD), i32(SLOTS - 1), op(I32_AND), new Instr(Op.LOCAL_SET, h),
                new Instr(Op.BR, 0)));
        code.instrs = new ArrayList<>(List.of(
                get(site), i32(0x9E3779B1), op(I32_MUL), get(slot), i32(0x85EBCA6B), op(I32_MUL), op(I32_XOR),
                i32(SLOTS - 1), op(I32_AND), new Instr(Op.LOCAL_SET, h),
                Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, new ArrayList<>(List.of(Instr.block(Op.LOOP, Op.BLOCK_EMPTY, probe))))));
        return CodeCodec.encode(code);
    }

    private static Instr get(int local) {
        return new Instr(Op.LOCAL_GET, local);
    }

    private static Instr i32(int value) {
        return new Instr(Op.I32_CONST, value);
    }

    private static Instr op(int op) {
        return new Instr(op);
    }

    /** A 32-bit access to {@code memory} at {@code offset}, 4-byte aligned (memory index in the memarg). */
    private static Instr access(int op, int memory, int offset) {
        Instr access = new Instr(op, 2 | 0x40);
        access.c = memory;
        access.b = offset;
        return access;
    }
}
