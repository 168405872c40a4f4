package dev.chartbox.wasm;

import static dev.chartbox.wasm.Code.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIMD-lowering pass: rewrites every v128 value into scalar Wasm so the module uses no SIMD.
 * A v128 becomes two i64 values, its low half (bytes 0-7, little-endian) then its high half: on
 * the operand stack, in locals, parameters, results and block types. Memory accesses become i64
 * loads and stores; lane reads and writes become shifts and masks in line; the other operations
 * become calls to small helper functions ({@link SimdHelpers}), one per operation, so a SIMD
 * instruction costs about one call instruction of JVM code where it stood.
 */
public final class SimdLowering {

    /** The block type "one v128 result": 0x7B read as an s33. */
    private static final long V128_BLOCK = V128 - 0x80;

    /** Bump when the pass's output for the same input changes. */
    public static final String VERSION = "1";

    /** What the pass did. */
    public record Result(int functionsLowered, long simdInstructions, int helpers, int typesRewritten) {}

    private final WasmBinary module;
    private final StackEffects effects;
    private final SimdHelpers helpers;
    private long simdInstructions;

    private SimdLowering(WasmBinary module) {
        this.module = module;
        this.effects = new StackEffects(module);
        this.helpers = new SimdHelpers(module);
    }

    public static Result run(WasmBinary module) {
        for (byte g : module.globalTypes) {
            if (g == V128) {
                throw new WasmFormatException("v128 globals are not lowered");
            }
        }
        for (int f = 0; f < module.importedFunctions; f++) {
            FuncType t = module.typeOfFunction(f);
            if (SimdCensus.hasV128(t.params()) || SimdCensus.hasV128(t.results())) {
                throw new WasmFormatException("imported function " + f + " takes or returns v128: its host could not be lowered");
            }
        }
        boolean anyV128Type = false;
        for (FuncType t : module.types) {
            anyV128Type |= SimdCensus.hasV128(t.params()) || SimdCensus.hasV128(t.results());
        }
        SimdLowering pass = new SimdLowering(module);
        int lowered = 0;
        int defined = module.functionCount();
        for (int f = module.importedFunctions; f < defined; f++) {
            FunctionCode code = CodeCodec.decode(module.body(f));
            if (!anyV128Type && !code.localTypes.contains(V128) && !hasSimd(code.instrs)) {
                continue;
            }
            pass.new FunctionLowering(module.typeOfFunction(f), code).run();
            module.setBody(f, CodeCodec.encode(code));
            lowered++;
        }
        // only now: the walk above read the original types
        int rewritten = 0;
        for (int i = 0; i < module.types.size(); i++) {
            FuncType t = module.types.get(i);
            if (SimdCensus.hasV128(t.params()) || SimdCensus.hasV128(t.results())) {
                module.types.set(i, new FuncType(split(t.params()), split(t.results())));
                rewritten++;
            }
        }
        return new Result(lowered, pass.simdInstructions, pass.helpers.count(), rewritten);
    }

    private static boolean hasSimd(List<Instr> seq) {
        for (Instr in : seq) {
            if (SimdOp.isSimd(in.op) || (in.body != null && hasSimd(in.body))
                    || (in.elseBody != null && hasSimd(in.elseBody))) {
                return true;
            }
        }
        return false;
    }

    /** Value types with every v128 as two i64. */
    static byte[] split(byte[] types) {
        byte[] out = new byte[types.length + count(types)];
        int k = 0;
        for (byte t : types) {
            if (t == V128) {
                out[k++] = I64;
                out[k++] = I64;
            } else {
                out[k++] = t;
            }
        }
        return out;
    }

    private static int count(byte[] types) {
        int n = 0;
        for (byte t : types) {
            n += t == V128 ? 1 : 0;
        }
        return n;
    }

    /** The operand stack of one block frame, as "is this value a v128" flags. */
    private static final class Frame {
        final List<Boolean> values = new ArrayList<>();
        boolean unreachable;

        Frame(byte[] params) {
            for (byte t : params) {
                values.add(t == V128);
            }
        }

        boolean pop() {
            if (values.isEmpty()) {
                if (!unreachable) {
                    throw new WasmFormatException("operand stack underflow while lowering SIMD");
                }
                return false; // the polymorphic stack of dead code: any lowering validates
            }
            return values.removeLast();
        }

        void push(boolean v128) {
            values.add(v128);
        }

        void push(byte[] types) {
            for (byte t : types) {
                push(t == V128);
            }
        }

        void pop(int n) {
            for (int i = 0; i < n; i++) {
                pop();
            }
        }

        void endFlow() {
            values.clear();
            unreachable = true;
        }
    }

    private final class FunctionLowering {
        private final FuncType type;
        private final FunctionCode code;
        private int[] newIndex;
        private boolean[] isV128;
        private int paramSlots;
        private final Map<Byte, List<Integer>> scratch = new HashMap<>();

        FunctionLowering(FuncType type, FunctionCode code) {
            this.type = type;
            this.code = code;
        }

        void run() {
            byte[] params = type.params();
            byte[] locals = code.flatLocals();
            int n = params.length + locals.length;
            newIndex = new int[n];
            isV128 = new boolean[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                byte t = i < params.length ? params[i] : locals[i - params.length];
                newIndex[i] = k;
                isV128[i] = t == V128;
                k += isV128[i] ? 2 : 1;
            }
            paramSlots = params.length + count(params);
            for (int g = 0; g < code.localTypes.size(); g++) {
                if (code.localTypes.get(g) == V128) {
                    code.localTypes.set(g, I64);
                    code.localCounts.set(g, code.localCounts.get(g) * 2);
                }
            }
            code.instrs = lower(code.instrs, new Frame(new byte[0]));
        }

        /** The {@code n}-th scratch local of {@code t} (distinct n, distinct locals), added on first use. */
        private int scratch(byte t, int n) {
            List<Integer> list = scratch.computeIfAbsent(t, x -> new ArrayList<>());
            while (list.size() <= n) {
                list.add(code.addLocal(t, paramSlots));
            }
            return list.get(n);
        }

        private List<Instr> lower(List<Instr> seq, Frame fr) {
            List<Instr> out = new ArrayList<>(seq.size());
            Code c = new Code(out);
            for (Instr in : seq) {
                int op = in.op;
                if (SimdOp.isSimd(op)) {
                    simd(in, c, fr);
                    continue;
                }
                switch (op) {
                    case Op.LOCAL_GET, Op.LOCAL_SET, Op.LOCAL_TEE -> local(in, c, fr);
                    case Op.DROP -> {
                        out.add(in);
                        if (fr.pop()) {
                            out.add(new Instr(Op.DROP));
                        }
                    }
                    case Op.SELECT, Op.SELECT_T -> select(in, c, fr);
                    case Op.BLOCK, Op.LOOP, Op.IF, Op.TRY_TABLE -> {
                        FuncType bt = effects.blockType(in.a);
                        if (in.a == V128_BLOCK) {
                            in.a = module.typeIndex(new FuncType(new byte[0], new byte[] {I64, I64}));
                            in.widthA = 0;
                        }
                        if (op == Op.IF) {
                            fr.pop();
                        }
                        fr.pop(bt.params().length);
                        in.body = lower(in.body, new Frame(bt.params()));
                        if (in.elseBody != null) {
                            in.elseBody = lower(in.elseBody, new Frame(bt.params()));
                        }
                        fr.push(bt.results());
                        out.add(in);
                    }
                    case Op.CALL, Op.RETURN_CALL, Op.CALL_INDIRECT, Op.RETURN_CALL_INDIRECT -> {
                        boolean direct = op == Op.CALL || op == Op.RETURN_CALL;
                        FuncType t = direct ? module.typeOfFunction((int) in.a) : module.types.get((int) in.a);
                        fr.pop(t.params().length + (direct ? 0 : 1));
                        fr.push(t.results());
                        out.add(in);
                        if (op == Op.RETURN_CALL || op == Op.RETURN_CALL_INDIRECT) {
                            fr.endFlow();
                        }
                    }
                    default -> {
                        out.add(in);
                        if (StackEffects.endsFlow(op)) {
                            fr.endFlow();
                        } else {
                            int[] pp = effects.popPush(in);
                            fr.pop(pp[0]);
                            for (int i = 0; i < pp[1]; i++) {
                                fr.push(false);
                            }
                        }
                    }
                }
            }
            return out;
        }

        private void local(Instr in, Code c, Frame fr) {
            int old = (int) in.a;
            int ni = newIndex[old];
            if (!isV128[old]) {
                if (ni != old) {
                    in.a = ni;
                    in.widthA = 0;
                }
                c.out.add(in);
                switch (in.op) {
                    case Op.LOCAL_GET -> fr.push(false);
                    case Op.LOCAL_SET -> fr.pop();
                    default -> {
                        fr.pop();
                        fr.push(false);
                    }
                }
                return;
            }
            switch (in.op) {
                case Op.LOCAL_GET -> {
                    c.get(ni).get(ni + 1);
                    fr.push(true);
                }
                case Op.LOCAL_SET -> {
                    c.set(ni + 1).set(ni);
                    fr.pop();
                }
                default -> {
                    c.set(ni + 1).tee(ni).get(ni + 1);
                    fr.pop();
                    fr.push(true);
                }
            }
        }

        private void select(Instr in, Code c, Frame fr) {
            fr.pop();
            boolean b = fr.pop();
            boolean a = fr.pop();
            boolean v128 = a || b || (in.op == Op.SELECT_T && in.valTypes[0] == V128);
            fr.push(v128);
            if (!v128) {
                c.out.add(in);
                return;
            }
            // [a.lo a.hi b.lo b.hi cond] -> [select(a.lo, b.lo) select(a.hi, b.hi)]
            int cond = scratch(I32, 0), bHi = scratch(I64, 0), bLo = scratch(I64, 1), aHi = scratch(I64, 2);
            c.set(cond).set(bHi).set(bLo).set(aHi);
            c.get(bLo).get(cond).op(Op.SELECT);
            c.get(aHi).get(bHi).get(cond).op(Op.SELECT);
        }

        private void simd(Instr in, Code c, Frame fr) {
            simdInstructions++;
            int sub = SimdOp.sub(in.op);
            String sig = SimdOp.signature(sub);
            int arrow = sig.indexOf('>');
            fr.pop(arrow);
            for (int i = arrow + 1; i < sig.length(); i++) {
                fr.push(sig.charAt(i) == 'V');
            }
            String name = SimdOp.name(sub);
            switch (sub) {
                case 0x0C -> c.i64(in.a).i64(in.b);
                case 0x00 -> {
                    if (!offsetFits(in, c, 1)) {
                        return;
                    }
                    int addr = scratch(I32, 0);
                    c.tee(addr);
                    access(c, in, I64_LOAD, 3, 0);
                    c.get(addr);
                    access(c, in, I64_LOAD, 3, 8);
                }
                case 0x0B -> {
                    if (!offsetFits(in, c, 3)) {
                        return;
                    }
                    // the high half first: if it traps, nothing was written, as for the v128 store
                    int addr = scratch(I32, 0), lo = scratch(I64, 0), hi = scratch(I64, 1);
                    c.set(hi).set(lo).tee(addr).get(hi);
                    access(c, in, I64_STORE, 3, 8);
                    c.get(addr).get(lo);
                    access(c, in, I64_STORE, 3, 0);
                }
                case 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 -> {
                    // v128.loadNxM_s/u = the matching extend_low of the 8 bytes loaded
                    access(c, in, I64_LOAD, 3, 0);
                    c.i64(0);
                    int extendLow = new int[] {0x87, 0x89, 0xA7, 0xA9, 0xC7, 0xC9}[sub - 1];
                    c.call(helpers.forInstr(new Instr(SimdOp.BASE + extendLow)));
                }
                case 0x07, 0x08, 0x09, 0x0A -> {
                    // a multiply repeats the loaded lane into every lane of the half
                    int bytesLog = sub - 0x07;
                    int[] load = {I64_LOAD8_U, I64_LOAD16_U, I64_LOAD32_U, I64_LOAD};
                    long[] repeat = {0x0101010101010101L, 0x0001000100010001L, 0x0000000100000001L, 1};
                    access(c, in, load[bytesLog], bytesLog, 0);
                    if (bytesLog < 3) {
                        c.i64(repeat[bytesLog]).op(I64_MUL);
                    }
                    int t = scratch(I64, 0);
                    c.tee(t).get(t);
                }
                case 0x5C, 0x5D -> {
                    access(c, in, sub == 0x5C ? I64_LOAD32_U : I64_LOAD, sub == 0x5C ? 2 : 3, 0);
                    c.i64(0);
                }
                case 0x54, 0x55, 0x56, 0x57 -> loadLane(in, c, sub - 0x54);
                case 0x58, 0x59, 0x5A, 0x5B -> {
                    int bytesLog = sub - 0x58;
                    int w = 8 << bytesLog;
                    int lo = scratch(I64, 0), hi = scratch(I64, 1);
                    int bit = in.lane * w;
                    c.set(hi).set(lo).get(bit < 64 ? lo : hi).shrU64(bit % 64);
                    access(c, in, new int[] {I64_STORE8, I64_STORE16, I64_STORE32, I64_STORE}[bytesLog], bytesLog, 0);
                }
                case 0xF0, 0xF1, 0xF2, 0xF3 -> {
                    // f64x2 add/sub/mul/div in line: the hot operations of double-precision kernels (BLAS)
                    int scalar = 0xA0 + (sub - 0xF0);
                    int bHi = scratch(I64, 0), bLo = scratch(I64, 1), aHi = scratch(I64, 2);
                    c.set(bHi).set(bLo).set(aHi);
                    c.op(F64_REINTERPRET_I64).get(bLo).op(F64_REINTERPRET_I64).op(scalar).op(I64_REINTERPRET_F64);
                    c.get(aHi).op(F64_REINTERPRET_I64).get(bHi).op(F64_REINTERPRET_I64).op(scalar).op(I64_REINTERPRET_F64);
                }
                case 0x53 -> c.op(I64_OR).i64(0).op(I64_NE);
                case 0x11, 0x13 -> {
                    // i32x4/f32x4.splat: x * 0x1_0000_0001 puts the 32 bits in both lanes of a half
                    int t = scratch(I64, 0);
                    if (sub == 0x13) {
                        c.op(I32_REINTERPRET_F32);
                    }
                    c.op(I64_EXTEND_I32_U).i64(0x0000000100000001L).op(I64_MUL).tee(t).get(t);
                }
                case 0x12 -> {
                    int t = scratch(I64, 0);
                    c.tee(t).get(t);
                }
                case 0x14 -> {
                    int t = scratch(I64, 0);
                    c.op(I64_REINTERPRET_F64).tee(t).get(t);
                }
                case 0x1E, 0x22 -> {
                    // 64-bit replace_lane: keep the other half
                    if (sub == 0x22) {
                        c.op(I64_REINTERPRET_F64);
                    }
                    int x = scratch(I64, 0), hi = scratch(I64, 1);
                    if (in.lane == 0) {
                        c.set(x).set(hi).op(Op.DROP).get(x).get(hi);
                    } else {
                        c.set(x).op(Op.DROP).get(x);
                    }
                }
                default -> {
                    if (name.contains("extract_lane")) {
                        extractLane(in, c, name);
                    } else {
                        c.call(helpers.forInstr(in));
                    }
                }
            }
        }

        /**
         * A v128 access at offset+8 beyond u32 is always out of bounds for a 32-bit memory, so it
         * becomes a trap (after dropping its {@code operands}); otherwise true.
         */
        private boolean offsetFits(Instr in, Code c, int operands) {
            if (in.b + 8 <= 0xFFFFFFFFL) {
                return true;
            }
            for (int i = 0; i < operands; i++) {
                c.op(Op.DROP);
            }
            c.op(Op.UNREACHABLE);
            return false;
        }

        /** A scalar access with the SIMD access's memory, offset + {@code extra}, alignment capped at {@code maxAlign}. */
        private void access(Code c, Instr in, int op, int maxAlign, int extra) {
            long flags = in.a & 0x40;
            long align = Math.min(in.a & ~0x40L, maxAlign);
            c.mem(op, align | flags, in.b + extra, in.c);
        }

        private void loadLane(Instr in, Code c, int bytesLog) {
            int w = 8 << bytesLog;
            int lo = scratch(I64, 0), hi = scratch(I64, 1), x = scratch(I64, 2);
            c.set(hi).set(lo);
            access(c, in, new int[] {I64_LOAD8_U, I64_LOAD16_U, I64_LOAD32_U, I64_LOAD}[bytesLog], bytesLog, 0);
            c.set(x);
            int bit = in.lane * w;
            for (int h = 0; h < 2; h++) {
                int half = h == 0 ? lo : hi;
                if (bit / 64 != h) {
                    c.get(half);
                } else if (w == 64) {
                    c.get(x);
                } else {
                    long mask = ((1L << w) - 1) << (bit % 64);
                    c.get(half).i64(~mask).op(I64_AND).get(x).shl64(bit % 64).op(I64_OR);
                }
            }
        }

        private void extractLane(Instr in, Code c, String name) {
            int w = switch (name.substring(0, 5)) {
                case "i8x16" -> 8;
                case "i16x8" -> 16;
                case "i32x4", "f32x4" -> 32;
                default -> 64;
            };
            int bit = in.lane * w;
            if (bit < 64) {
                c.op(Op.DROP);
            } else {
                int hi = scratch(I64, 0);
                c.set(hi).op(Op.DROP).get(hi);
            }
            c.shrU64(bit % 64);
            if (w < 64) {
                c.op(I32_WRAP_I64);
            }
            if (name.endsWith("_s")) {
                c.op(w == 8 ? I32_EXTEND8_S : I32_EXTEND16_S);
            } else if (name.endsWith("_u")) {
                c.i32(w == 8 ? 0xFF : 0xFFFF).op(I32_AND);
            } else if (name.charAt(0) == 'f') {
                c.op(w == 32 ? F32_REINTERPRET_I32 : F64_REINTERPRET_I64);
            }
        }
    }
}
