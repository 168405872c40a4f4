package dev.chartbox.wasm;

import static dev.chartbox.wasm.Code.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: random programs that move v128 values through everything that holds one (locals,
 * parameters and results of a called function, block, if and select results, br_if values,
 * local.tee, drop, loads and stores) and compute with random SIMD instructions leave the same
 * memory after lowering as before, on wasmtime; the lowered module gives the same on Chicory's
 * compiler. Float arithmetic whose NaN payloads Wasm leaves open is left to {@link SimdOracleTest}.
 */
class RandomSimdProgramTest {
    static final int INPUT = 4096, OUT = 1024, OUT_BYTES = 256;

    @TempDir
    Path dir;

    @Test
    void randomSimdProgramsLeaveTheSameMemoryAfterLowering() throws Exception {
        int programs = Integer.getInteger("chartbox.randomPrograms", 30);
        SimdTestModule m = new SimdTestModule();
        // function 0: a callee with a v128 parameter and result
        Code helper = new Code().get(0).get(1).op(SimdOp.BASE + 0x0F).op(SimdOp.BASE + 0x6E).tee(2).get(2)
                .op(SimdOp.BASE + 0x51);
        m.function("helper", new FuncType(new byte[] {V128, I32}, new byte[] {V128}), List.of(V128), helper.out);
        List<String> names = new ArrayList<>();
        for (int seed = 1; seed <= programs; seed++) {
            Gen g = new Gen(new Random(seed));
            names.add("f" + seed);
            m.function("f" + seed, new FuncType(new byte[] {I32}, new byte[0]), List.of(V128, V128, V128, V128, I32, I64),
                    g.function());
        }
        byte[] original = m.build();
        WasmBinary module = WasmBinary.parse(original);
        SimdLowering.run(module);
        byte[] lowered = module.encode();
        assertThat(SimdCensus.of(WasmBinary.parse(lowered)).instructions()).isZero();
        assertThat(Differential.validate(lowered)).isNull();

        byte[] inputs = new byte[8192];
        new Random(99).nextBytes(inputs);
        List<WasmtimeOracle.Call> calls = names.stream().map(n -> new WasmtimeOracle.Call(n, List.of(7))).toList();
        Map<String, List<String>> r = WasmtimeOracle.get().run(List.of(original, lowered), inputs, INPUT, OUT, OUT_BYTES,
                calls, dir);

        WasmModule parsed = Parser.parse(lowered);
        Function<Instance, Machine> machine = MachineFactoryCompiler.builder(parsed)
                .withInterpreterFallback(InterpreterFallback.FAIL).compile();
        for (WasmtimeOracle.Call c : calls) {
            List<String> both = r.get(c.key());
            assertThat(both.get(0)).as("%s runs to its end on wasmtime", c.export()).doesNotStartWith("trap");
            assertThat(both.get(1)).as("%s lowered, on wasmtime", c.export()).isEqualTo(both.get(0));
            Instance instance = Instance.builder(parsed).withMachineFactory(machine).build();
            instance.memory().write(INPUT, inputs);
            String status = "";
            try {
                instance.export(c.export()).apply(7);
            } catch (RuntimeException e) {
                status = "trap ";
            }
            assertThat(status + HexFormat.of().formatHex(instance.memory().readBytes(OUT, OUT_BYTES)))
                    .as("%s lowered, on Chicory", c.export()).isEqualTo(both.get(0));
        }
    }

    /** Random statements over locals 1-4 (v128), 5 (i32), 6 (i64); parameter 0 is an i32. */
    static final class Gen {
        private static final List<Integer> BINARY = new ArrayList<>(), UNARY = new ArrayList<>(), SHIFT = new ArrayList<>(),
                TO_I32 = new ArrayList<>();

        static {
            for (int sub = 0; sub < 0x100; sub++) {
                String n = SimdOp.name(sub);
                if (n == null || SimdOp.hasMemarg(sub) || SimdOp.hasLane(sub) || sub == 0x0C || sub == 0x0D
                        || SimdOracleTest.nondeterministicNanWidth(n) > 0) {
                    continue;
                }
                switch (SimdOp.signature(sub)) {
                    case "VV>V" -> BINARY.add(sub);
                    case "V>V" -> UNARY.add(sub);
                    case "Vi>V" -> SHIFT.add(sub);
                    case "V>i" -> TO_I32.add(sub);
                    default -> {}
                }
            }
        }

        private final Random rnd;
        private int budget = 60;

        Gen(Random rnd) {
            this.rnd = rnd;
        }

        List<Instr> function() {
            Code c = new Code();
            while (budget > 0) {
                statement(c, 0);
            }
            for (int v = 1; v <= 4; v++) {
                c.i32(OUT + 192 + 16 * (v - 1)).get(v).mem(SimdOp.V128_STORE, 4, 0, 0);
            }
            c.i32(OUT + 180).get(5).mem(0x36, 2, 0, 0);
            return c.out;
        }

        private int v128Local() {
            return 1 + rnd.nextInt(4);
        }

        void statement(Code c, int d) {
            budget--;
            switch (rnd.nextInt(d > 2 ? 4 : 6)) {
                case 0 -> {
                    vexpr(c, d);
                    c.set(v128Local());
                }
                case 1 -> {
                    c.i32(OUT + 16 * rnd.nextInt(11));
                    vexpr(c, d);
                    c.mem(SimdOp.V128_STORE, rnd.nextInt(5), rnd.nextInt(3), 0);
                }
                case 2 -> {
                    vexpr(c, d);
                    c.op(Op.DROP);
                }
                case 3 -> {
                    iexpr(c, d);
                    c.set(5);
                }
                default -> {
                    // a block left early by a br_if
                    Code inner = new Code();
                    statement(inner, d + 1);
                    iexpr(inner, d + 1);
                    inner.op(Op.BR_IF);
                    statement(inner, d + 1);
                    c.out.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, inner.out));
                }
            }
        }

        void vexpr(Code c, int d) {
            budget--;
            int kind = d > 3 || budget < 0 ? rnd.nextInt(3) : rnd.nextInt(16);
            switch (kind) {
                case 0 -> c.get(v128Local());
                case 1 -> {
                    Instr k = new Instr(SimdOp.V128_CONST, edgeBits());
                    k.b = edgeBits();
                    c.out.add(k);
                }
                case 2 -> c.i32(INPUT + rnd.nextInt(4000)).mem(SimdOp.V128_LOAD, rnd.nextInt(5), rnd.nextInt(40), 0);
                case 3, 4 -> {
                    vexpr(c, d + 1);
                    vexpr(c, d + 1);
                    c.op(SimdOp.BASE + BINARY.get(rnd.nextInt(BINARY.size())));
                }
                case 5 -> {
                    vexpr(c, d + 1);
                    c.op(SimdOp.BASE + UNARY.get(rnd.nextInt(UNARY.size())));
                }
                case 6 -> {
                    int shape = rnd.nextInt(6); // i8x16 .. f64x2 splat
                    scalar(c, d + 1, "iiiIfF".charAt(shape));
                    c.op(SimdOp.BASE + 0x0F + shape);
                }
                case 7 -> {
                    // replace_lane: i8x16 0x17, i16x8 0x1A, i32x4 0x1C, i64x2 0x1E, f32x4 0x20, f64x2 0x22
                    int shape = rnd.nextInt(6);
                    vexpr(c, d + 1);
                    scalar(c, d + 1, "iiiIfF".charAt(shape));
                    Instr in = new Instr(SimdOp.BASE + new int[] {0x17, 0x1A, 0x1C, 0x1E, 0x20, 0x22}[shape]);
                    in.lane = rnd.nextInt(new int[] {16, 8, 4, 2, 4, 2}[shape]);
                    c.out.add(in);
                }
                case 8 -> {
                    // block (result v128), maybe left by a br_if carrying the value
                    Code inner = new Code();
                    if (rnd.nextBoolean()) {
                        statement(inner, d + 1);
                    }
                    vexpr(inner, d + 1);
                    if (rnd.nextBoolean()) {
                        iexpr(inner, d + 1);
                        inner.op(Op.BR_IF);
                        inner.op(SimdOp.BASE + 0x4D); // v128.not when not taken
                    }
                    c.out.add(Instr.block(Op.BLOCK, V128 - 0x80, inner.out));
                }
                case 9 -> {
                    iexpr(c, d + 1);
                    Code then = new Code(), otherwise = new Code();
                    vexpr(then, d + 1);
                    vexpr(otherwise, d + 1);
                    Instr iff = Instr.block(Op.IF, V128 - 0x80, then.out);
                    iff.elseBody = otherwise.out;
                    c.out.add(iff);
                }
                case 10 -> {
                    vexpr(c, d + 1);
                    vexpr(c, d + 1);
                    iexpr(c, d + 1);
                    if (rnd.nextBoolean()) {
                        c.op(Op.SELECT);
                    } else {
                        Instr s = new Instr(Op.SELECT_T);
                        s.valTypes = new byte[] {V128};
                        c.out.add(s);
                    }
                }
                case 11 -> {
                    vexpr(c, d + 1);
                    iexpr(c, d + 1);
                    c.call(0);
                }
                case 12 -> {
                    vexpr(c, d + 1);
                    c.tee(v128Local());
                }
                case 13 -> {
                    vexpr(c, d + 1);
                    iexpr(c, d + 1);
                    c.op(SimdOp.BASE + SHIFT.get(rnd.nextInt(SHIFT.size())));
                }
                case 14 -> {
                    vexpr(c, d + 1);
                    vexpr(c, d + 1);
                    vexpr(c, d + 1);
                    c.op(SimdOp.BASE + 0x52); // bitselect
                }
                default -> {
                    vexpr(c, d + 1);
                    vexpr(c, d + 1);
                    Instr s = new Instr(SimdOp.SHUFFLE);
                    for (int i = 0; i < 8; i++) {
                        s.a |= (long) rnd.nextInt(32) << (8 * i);
                        s.b |= (long) rnd.nextInt(32) << (8 * i);
                    }
                    c.out.add(s);
                }
            }
        }

        void iexpr(Code c, int d) {
            budget--;
            switch (d > 3 ? rnd.nextInt(2) : rnd.nextInt(5)) {
                case 0 -> c.i32(rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(3));
                case 1 -> c.get(rnd.nextBoolean() ? 5 : 0);
                case 2 -> {
                    vexpr(c, d + 1);
                    c.op(SimdOp.BASE + TO_I32.get(rnd.nextInt(TO_I32.size())));
                }
                default -> {
                    // extract_lane: i8x16 _s/_u, i16x8 _s/_u, i32x4
                    int which = rnd.nextInt(5);
                    vexpr(c, d + 1);
                    Instr in = new Instr(SimdOp.BASE + new int[] {0x15, 0x16, 0x18, 0x19, 0x1B}[which]);
                    in.lane = rnd.nextInt(new int[] {16, 16, 8, 8, 4}[which]);
                    c.out.add(in);
                }
            }
        }

        void scalar(Code c, int d, char type) {
            switch (type) {
                case 'i' -> iexpr(c, d);
                case 'I' -> {
                    if (rnd.nextBoolean()) {
                        c.get(6);
                    } else {
                        vexpr(c, d + 1);
                        Instr in = new Instr(SimdOp.BASE + 0x1D);
                        in.lane = rnd.nextInt(2);
                        c.out.add(in);
                    }
                }
                case 'f' -> {
                    Instr in = new Instr(Op.F32_CONST, edgeBits() & 0xFFFFFFFFL);
                    c.out.add(in);
                }
                default -> {
                    Instr in = new Instr(Op.F64_CONST, edgeBits());
                    c.out.add(in);
                }
            }
        }

        private long edgeBits() {
            int shape = rnd.nextInt(SimdOracleTest.EDGES.length);
            long[] pool = SimdOracleTest.EDGES[shape];
            return rnd.nextInt(3) == 0 ? rnd.nextLong() : pool[rnd.nextInt(pool.length)] * 0x0101010101010101L;
        }
    }
}
