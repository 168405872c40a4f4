package dev.chartbox.wasm;

import static dev.chartbox.wasm.Code.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIMD-lowering pass is exact, by an oracle no one here wrote: for every SIMD instruction (every
 * lane index, several shuffles, memory offsets), a generated module runs it over edge values (NaNs
 * with payloads, infinities, -0.0, subnormals, rounding ties, min/max integers, lane boundaries) and
 * random ones on wasmtime, before and after lowering; every byte it leaves in memory must be the
 * same. Where Wasm lets a float operation return any NaN (arithmetic NaN payloads are
 * nondeterministic), lanes where both results are NaN count as equal; every other bit, NaN bits of
 * neg/abs/pmin/pmax/lane moves included, must match. The lowered module also runs on Chicory's
 * compiler (no interpreter fallback) against the same expectations.
 */
class SimdOracleTest {
    static final int CASES = 128, INPUT = 4096, CASE_BYTES = 64, OUT = INPUT + CASES * CASE_BYTES, OUT_BYTES = 32;
    static final int MEMORY = 65536, TRAP_READ = MEMORY - 96, TRAP_OUT = TRAP_READ;
    static final int FIRST_RELAXED = 0x100;

    @TempDir
    static Path dir;

    static byte[] inputs;
    static List<Variant> variants;
    static byte[] original, lowered;
    static Map<String, List<String>> loopResults, trapResults;
    static List<WasmtimeOracle.Call> loopCalls, trapCalls;

    /** One tested instruction form: the instruction with its immediates, run over all cases or at one address. */
    record Variant(String export, Instr instr, boolean trapForm) {
        String describe() {
            int sub = SimdOp.sub(instr.op);
            String d = SimdOp.name(sub);
            if (SimdOp.hasMemarg(sub)) {
                d += " offset=" + instr.b + " align=" + instr.a;
            }
            if (SimdOp.hasLane(sub)) {
                d += " lane " + instr.lane;
            }
            if (sub == 0x0D) {
                d += String.format(" %016x%016x", instr.b, instr.a);
            }
            return d + (trapForm ? " (at an address)" : "");
        }
    }

    @BeforeAll
    static void runEverythingOnce() throws Exception {
        inputs = inputs(new Random(13));
        variants = variants();
        SimdTestModule m = new SimdTestModule();
        for (Variant v : variants) {
            if (v.trapForm) {
                m.function(v.export, new FuncType(new byte[] {I32}, new byte[0]), List.of(), trapBody(v.instr));
            } else {
                m.function(v.export, new FuncType(new byte[] {I32}, new byte[0]), List.of(I32, I32, I32), loopBody(v.instr));
            }
        }
        original = m.build();
        WasmBinary module = WasmBinary.parse(original);
        SimdLowering.run(module);
        lowered = module.encode();

        loopCalls = new ArrayList<>();
        trapCalls = new ArrayList<>();
        for (Variant v : variants) {
            if (v.trapForm) {
                for (int addr : trapAddresses()) {
                    trapCalls.add(new WasmtimeOracle.Call(v.export, List.of(addr)));
                }
            } else {
                loopCalls.add(new WasmtimeOracle.Call(v.export, List.of(CASES)));
            }
        }
        WasmtimeOracle oracle = WasmtimeOracle.get();
        loopResults = oracle.run(List.of(original, lowered), inputs, INPUT, OUT, CASES * OUT_BYTES, loopCalls, dir);
        trapResults = oracle.run(List.of(original, lowered), inputs, INPUT, TRAP_READ, MEMORY - TRAP_READ, trapCalls, dir);
    }

    @Test
    void theLoweredModuleHasNoSimdAndValidates() {
        WasmBinary m = WasmBinary.parse(lowered);
        assertThat(SimdCensus.of(m).instructions()).isZero();
        assertThat(SimdCensus.of(WasmBinary.parse(original)).opcodes()).as("every SIMD instruction but relaxed SIMD is tested")
                .hasSize((int) java.util.stream.IntStream.range(0, FIRST_RELAXED).filter(k -> SimdOp.name(k) != null).count());
        assertThat(Differential.validate(lowered)).isNull();
    }

    @Test
    void everySimdInstructionGivesWasmtimesResultsAfterLowering() {
        List<String> failures = new ArrayList<>();
        for (Variant v : variants) {
            List<WasmtimeOracle.Call> calls = v.trapForm ? trapCalls : loopCalls;
            Map<String, List<String>> results = v.trapForm ? trapResults : loopResults;
            for (WasmtimeOracle.Call c : calls) {
                if (!c.export().equals(v.export)) {
                    continue;
                }
                List<String> r = results.get(c.key());
                assertThat(r).as("wasmtime ran %s on both modules", c.key()).hasSize(2);
                String diff = compare(v, r.get(0), r.get(1));
                if (diff != null) {
                    failures.add(v.describe() + " " + c.args() + ": " + diff);
                }
            }
        }
        assertThat(failures).as("instructions whose lowering differs from wasmtime").isEmpty();
    }

    @Test
    void theLoweredModuleGivesWasmtimesResultsOnChicorysCompiler() {
        WasmModule module = Parser.parse(lowered);
        Function<Instance, Machine> machine = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL).compile();
        List<String> failures = new ArrayList<>();
        for (Variant v : variants) {
            List<WasmtimeOracle.Call> calls = v.trapForm ? trapCalls : loopCalls;
            Map<String, List<String>> results = v.trapForm ? trapResults : loopResults;
            for (WasmtimeOracle.Call c : calls) {
                if (!c.export().equals(v.export)) {
                    continue;
                }
                Instance instance = Instance.builder(module).withMachineFactory(machine).build();
                instance.memory().write(INPUT, inputs);
                String status = "";
                try {
                    instance.export(c.export()).apply(c.args().stream().mapToLong(Integer::longValue).toArray());
                } catch (RuntimeException e) {
                    status = "trap ";
                }
                int at = v.trapForm ? TRAP_READ : OUT;
                int len = v.trapForm ? MEMORY - TRAP_READ : CASES * OUT_BYTES;
                String got = status + HexFormat.of().formatHex(instance.memory().readBytes(at, len));
                String diff = compare(v, results.get(c.key()).get(0), got);
                if (diff != null) {
                    failures.add(v.describe() + " " + c.args() + ": " + diff);
                }
            }
        }
        assertThat(failures).as("instructions whose lowering on Chicory differs from wasmtime on the original").isEmpty();
    }

    /** Null when equal (NaN lanes of nondeterministic float results compared as "a NaN"), else where they differ. */
    static String compare(Variant v, String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        int w = nondeterministicNanWidth(SimdOp.name(SimdOp.sub(v.instr.op)));
        if (w == 0 || expected.startsWith("trap") || actual.startsWith("trap") || expected.length() != actual.length()) {
            return firstDifference(expected, actual);
        }
        byte[] e = HexFormat.of().parseHex(expected), a = HexFormat.of().parseHex(actual);
        for (int k = 0; k < e.length; k += w / 8) {
            boolean bothNan = w == 32
                    ? Float.isNaN(ByteBuffer.wrap(e, k, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat())
                            && Float.isNaN(ByteBuffer.wrap(a, k, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat())
                    : Double.isNaN(ByteBuffer.wrap(e, k, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble())
                            && Double.isNaN(ByteBuffer.wrap(a, k, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
            if (!bothNan) {
                for (int j = k; j < k + w / 8; j++) {
                    if (e[j] != a[j]) {
                        return "byte " + j + " (case " + j / OUT_BYTES + "): expected "
                                + HexFormat.of().formatHex(e, k, k + w / 8) + ", got " + HexFormat.of().formatHex(a, k, k + w / 8);
                    }
                }
            }
        }
        return null;
    }

    private static String firstDifference(String e, String a) {
        int i = 0;
        while (i < Math.min(e.length(), a.length()) && e.charAt(i) == a.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 8 - i % 2);
        return "at hex char " + i + " (case " + (i / 2) / OUT_BYTES + "): expected ..." + e.substring(from, Math.min(e.length(), i + 24))
                + ", got ..." + a.substring(from, Math.min(a.length(), i + 24));
    }

    /** The lane width of float results whose NaN payload Wasm leaves open, or 0 when every bit is defined. */
    static int nondeterministicNanWidth(String name) {
        String op = name.substring(name.indexOf('.') + 1);
        if (name.equals("f32x4.demote_f64x2_zero")) {
            return 32;
        }
        if (name.equals("f64x2.promote_low_f32x4")) {
            return 64;
        }
        if (!name.startsWith("f") || !Set.of("add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc",
                "nearest").contains(op)) {
            return 0;
        }
        return name.startsWith("f32") ? 32 : 64;
    }

    // ---- the generated module

    static List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        Random rnd = new Random(7);
        for (int sub = 0; sub < FIRST_RELAXED; sub++) {
            String name = SimdOp.name(sub);
            if (name == null) {
                continue;
            }
            List<Instr> forms = new ArrayList<>();
            int lanes = SimdOp.hasLane(sub) ? laneCount(sub, name) : 1;
            for (int lane = 0; lane < lanes; lane++) {
                if (SimdOp.hasMemarg(sub)) {
                    // natural alignment at offset 0; byte alignment at an odd offset
                    forms.add(memarg(sub, lane, naturalAlign(sub), 0));
                    forms.add(memarg(sub, lane, 0, 7));
                } else {
                    Instr in = new Instr(SimdOp.BASE + sub);
                    in.lane = lane;
                    forms.add(in);
                }
            }
            if (sub == 0x0C) {
                forms.clear();
                for (long[] c : new long[][] {{0, 0}, {-1, -1}, {0x7FC0000080000000L, 0x0123456789ABCDEFL}}) {
                    Instr in = new Instr(SimdOp.V128_CONST, c[0]);
                    in.b = c[1];
                    forms.add(in);
                }
            }
            if (sub == 0x0D) {
                forms.clear();
                for (int k = 0; k < 12; k++) {
                    forms.add(shuffle(shufflePattern(k, rnd)));
                }
            }
            for (Instr in : forms) {
                out.add(new Variant("t" + out.size(), in, false));
                if (SimdOp.hasMemarg(sub)) {
                    out.add(new Variant("t" + out.size(), in, true));
                }
            }
            if (sub == 0x00 || sub == 0x0B) {
                // offset + 8 beyond u32: always out of bounds
                out.add(new Variant("t" + out.size(), memarg(sub, 0, 0, 0xFFFFFFF9L), true));
            }
        }
        return out;
    }

    private static int laneCount(int sub, String name) {
        if (sub >= 0x54) {
            return 16 >> ((sub - 0x54) % 4);
        }
        return switch (name.substring(0, 5)) {
            case "i8x16" -> 16;
            case "i16x8" -> 8;
            case "i32x4", "f32x4" -> 4;
            default -> 2;
        };
    }

    private static int naturalAlign(int sub) {
        if (sub == 0x00 || sub == 0x0B) {
            return 4;
        }
        if (sub <= 0x06) {
            return 3;
        }
        if (sub <= 0x0A) {
            return sub - 0x07;
        }
        if (sub <= 0x5B) {
            return (sub - 0x54) % 4;
        }
        return sub == 0x5C ? 2 : 3;
    }

    private static Instr memarg(int sub, int lane, long align, long offset) {
        Instr in = new Instr(SimdOp.BASE + sub, align);
        in.b = offset;
        in.lane = lane;
        return in;
    }

    private static int[] shufflePattern(int k, Random rnd) {
        int[] p = new int[16];
        for (int i = 0; i < 16; i++) {
            p[i] = switch (k) {
                case 0 -> i; // identity
                case 1 -> 16 + i; // b
                case 2 -> (i % 4) + 4 * (i / 8) + 16 * ((i / 4) % 2); // interleave 32-bit lanes
                case 3 -> 15 - i; // reverse bytes
                case 4 -> (i + 4) % 16 + (i >= 12 ? 16 : 0); // rotate with b
                case 5 -> 8 * (i / 8) + (i % 8) + (i >= 8 ? 16 : 0); // a.lo b.hi
                default -> rnd.nextInt(32);
            };
        }
        return p;
    }

    private static Instr shuffle(int[] p) {
        Instr in = new Instr(SimdOp.SHUFFLE);
        for (int i = 0; i < 16; i++) {
            if (i < 8) {
                in.a |= (long) p[i] << (8 * i);
            } else {
                in.b |= (long) p[i] << (8 * (i - 8));
            }
        }
        return in;
    }

    private static boolean isStore(int sub) {
        return sub == 0x0B || (sub >= 0x58 && sub <= 0x5B);
    }

    /** (param n) (local i base out): for each case i < n, run the instruction on the case's bytes, store its result. */
    static List<Instr> loopBody(Instr op) {
        int n = 0, i = 1, base = 2, out = 3;
        int sub = SimdOp.sub(op.op);
        String sig = SimdOp.signature(sub);
        String ins = sig.substring(0, sig.indexOf('>')), outs = sig.substring(sig.indexOf('>') + 1);
        Code c = new Code();
        c.get(i).i32(6).op(I32_SHL).i32(INPUT).op(I32_ADD).set(base);
        c.get(i).i32(5).op(I32_SHL).i32(OUT).op(I32_ADD).set(out);
        if (!outs.isEmpty()) {
            c.get(out);
        }
        int vectors = 0;
        for (int k = 0; k < ins.length(); k++) {
            char t = ins.charAt(k);
            if (k == 0 && SimdOp.hasMemarg(sub)) {
                // an address inside the case (loads) or the case's output slot (stores), 0-15 bytes in
                c.get(isStore(sub) ? out : base).get(base).mem(0x2D, 0, 56, 0).i32(15).op(I32_AND).op(I32_ADD);
            } else if (t == 'V') {
                c.get(base).mem(SimdOp.V128_LOAD, 4, 16L * vectors++, 0);
            } else {
                c.get(base).mem(scalarLoad(t), t == 'I' || t == 'F' ? 3 : 2, 48, 0);
            }
        }
        c.out.add(op.copy());
        storeResult(c, outs);
        c.get(i).i32(1).op(I32_ADD).tee(i).get(n).op(I32_LT_U).op(Op.BR_IF); // br_if 0: the loop
        return List.of(Instr.block(Op.LOOP, Op.BLOCK_EMPTY, c.out));
    }

    /** (param addr): the memory instruction at addr, a fixed v128 operand, the result stored near the memory's end. */
    static List<Instr> trapBody(Instr op) {
        int sub = SimdOp.sub(op.op);
        String sig = SimdOp.signature(sub);
        String ins = sig.substring(0, sig.indexOf('>')), outs = sig.substring(sig.indexOf('>') + 1);
        Code c = new Code();
        if (!outs.isEmpty()) {
            c.i32(TRAP_OUT);
        }
        c.get(0);
        if (ins.contains("V")) {
            Instr k = new Instr(SimdOp.V128_CONST, 0x8877665544332211L);
            k.b = 0x00FFEEDDCCBBAA99L;
            c.out.add(k);
        }
        c.out.add(op.copy());
        storeResult(c, outs);
        return c.out;
    }

    private static void storeResult(Code c, String outs) {
        if (outs.isEmpty()) {
            return;
        }
        char t = outs.charAt(0);
        if (t == 'V') {
            c.mem(SimdOp.V128_STORE, 4, 0, 0);
        } else {
            c.mem(switch (t) {
                case 'i' -> 0x36;
                case 'I' -> 0x37;
                case 'f' -> 0x38;
                default -> 0x39;
            }, t == 'I' || t == 'F' ? 3 : 2, 0, 0);
        }
    }

    private static int scalarLoad(char t) {
        return switch (t) {
            case 'i' -> 0x28;
            case 'I' -> 0x29;
            case 'f' -> 0x2A;
            default -> 0x2B;
        };
    }

    static List<Integer> trapAddresses() {
        List<Integer> a = new ArrayList<>(List.of(0, 1000, -1, -16, MEMORY));
        for (int k = MEMORY - 40; k < MEMORY; k += 3) {
            a.add(k);
        }
        return a;
    }

    // ---- inputs: CASES cases of 64 bytes (three v128 operands, then a scalar operand and an address byte),
    // then random bytes up to the end of memory

    static final long[][] EDGES = {
        {0, 1, 0xFF, 0x7F, 0x80, 0x81, 0xFE, 2, 0x40},
        {0, 1, 0xFFFF, 0x7FFF, 0x8000, 0x8001, 0xFF, 0x100, 0x4000, 0xFF80},
        {0, 1, 0xFFFFFFFFL, 0x7FFFFFFF, 0x80000000L, 0x80000001L, 0xFFFF, 0x10000, 0x7FFF, 0xFFFF8000L},
        {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFFFFFFL, 0x100000000L, 0x80000000L, 0xFFFFFFFF80000000L},
        {0, 0x80000000L, 0x3F800000, 0xBF800000L, 0x7F800000, 0xFF800000L, 0x7FC00000, 0xFFC00000L, 0x7FA00000,
            0x7FC12345, 1, 0x807FFFFFL, 0x7F7FFFFF, 0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000L, 0xBF000000L,
            0x4F000000, 0xCF000000L, 0xCF000001L, 0x4F800000, 0x4B800001, 0x3EFFFFFF},
        {0, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L, 0x7FF0000000000000L, 0xFFF0000000000000L,
            0x7FF8000000000000L, 0xFFF8000000000000L, 0x7FF4000000000000L, 0x7FF8000000012345L, 1, 0x000FFFFFFFFFFFFFL,
            0x7FEFFFFFFFFFFFFFL, 0x3FE0000000000000L, 0x3FF8000000000000L, 0x4004000000000000L, 0xC004000000000000L,
            0x41DFFFFFFFE00000L, 0xC1E0000000200000L, 0x41EFFFFFFFF00000L, 0x41F0000000000000L, 0xC1E0000000000000L,
            0x36A0000000000000L, 0x47EFFFFFE0000000L, 0x3FDFFFFFFFFFFFFFL},
    };
    static final int[] EDGE_WIDTHS = {8, 16, 32, 64, 32, 64};

    static byte[] inputs(Random rnd) {
        byte[] all = new byte[MEMORY - INPUT];
        rnd.nextBytes(all);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < CASES; i++) {
            int at = i * CASE_BYTES;
            for (int slot = 0; slot < 3; slot++) {
                int shape = i < 96 ? (i + slot * (1 + i / 24)) % 6 : rnd.nextInt(6);
                int w = EDGE_WIDTHS[shape];
                for (int lane = 0; lane < 128 / w; lane++) {
                    long v = rnd.nextInt(4) != 0 ? EDGES[shape][rnd.nextInt(EDGES[shape].length)] : rnd.nextLong();
                    putLane(b, at + 16 * slot, w, lane, v);
                }
            }
            // the scalar operand: an edge value of some width, or a shift count, or random
            int shape = rnd.nextInt(8);
            long v = shape < 6 ? EDGES[shape][rnd.nextInt(EDGES[shape].length)]
                    : shape == 6 ? new long[] {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, -1, 128}[rnd.nextInt(16)]
                    : rnd.nextLong();
            b.putLong(at + 48, v);
        }
        return all;
    }

    private static void putLane(ByteBuffer b, int at, int w, int lane, long v) {
        int p = at + lane * w / 8;
        switch (w) {
            case 8 -> b.put(p, (byte) v);
            case 16 -> b.putShort(p, (short) v);
            case 32 -> b.putInt(p, (int) v);
            default -> b.putLong(p, v);
        }
    }
}
