package dev.chartbox.wasm;

import static dev.chartbox.wasm.Code.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scalar functions that SIMD instructions become: one small function per operation (and per
 * lane index or shuffle pattern), appended to the module once and called wherever the operation
 * occurs. A v128 is two i64 values, the low half (bytes 0-7) first; a helper takes each v128
 * operand as its two halves, then any scalar operand, and returns (low, high) or a scalar.
 * Each lane is computed with the scalar instruction of the same name, so NaN and rounding rules
 * are Wasm's own.
 */
final class SimdHelpers {
    private final WasmBinary module;
    private final Map<String, Integer> byKey = new HashMap<>();

    SimdHelpers(WasmBinary module) {
        this.module = module;
    }

    int count() {
        return byKey.size();
    }

    /** A function body under construction: {@code vectors} v128 parameters (two slots each), then scalars. */
    private static final class Gen {
        final Code c = new Code();
        final List<Byte> locals = new ArrayList<>();
        final int paramSlots;

        Gen(int paramSlots) {
            this.paramSlots = paramSlots;
        }

        int local(byte type) {
            locals.add(type);
            return paramSlots + locals.size() - 1;
        }
    }

    /** Emits one lane of a result: its scalar value on the stack (i32 for lanes up to 32 bits, else i64; or float). */
    private interface LaneBody {
        void emit(Code c, int lane);
    }

    /** The helper for a SIMD instruction that has no inline lowering. */
    int forInstr(Instr in) {
        int sub = SimdOp.sub(in.op);
        String n = SimdOp.name(sub);
        String key = n;
        if (SimdOp.hasLane(sub)) {
            key += " " + in.lane;
        }
        if (sub == 0x0D) {
            key += String.format(" %016x%016x", in.b, in.a);
        }
        Integer known = byKey.get(key);
        if (known != null) {
            return known;
        }
        String sig = SimdOp.signature(sub);
        String ins = sig.substring(0, sig.indexOf('>'));
        String outs = sig.substring(sig.indexOf('>') + 1);
        List<Byte> params = new ArrayList<>();
        for (char t : ins.toCharArray()) {
            if (t == 'V') {
                params.add(I64);
                params.add(I64);
            } else {
                params.add(type(t));
            }
        }
        List<Byte> results = new ArrayList<>();
        for (char t : outs.toCharArray()) {
            if (t == 'V') {
                results.add(I64);
                results.add(I64);
            } else {
                results.add(type(t));
            }
        }
        Gen g = new Gen(params.size());
        generate(n, in, g);
        FunctionCode code = new FunctionCode();
        for (byte t : g.locals) {
            code.localCounts.add(1L);
            code.localTypes.add(t);
        }
        code.instrs = g.c.out;
        int index = module.addFunction(new FuncType(bytes(params), bytes(results)), CodeCodec.encode(code),
                "chartbox.simd." + key.replace(' ', '.'));
        byKey.put(key, index);
        return index;
    }

    private static byte type(char t) {
        return switch (t) {
            case 'i' -> I32;
            case 'I' -> I64;
            case 'f' -> F32;
            case 'F' -> F64;
            default -> throw new IllegalArgumentException(String.valueOf(t));
        };
    }

    private static byte[] bytes(List<Byte> list) {
        byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i);
        }
        return b;
    }

    private static int width(String n) {
        return switch (n.substring(0, 5)) {
            case "i8x16" -> 8;
            case "i16x8" -> 16;
            case "i32x4", "f32x4" -> 32;
            default -> 64;
        };
    }

    // v128 operands: the first at slots 0-1, the second at 2-3, the third at 4-5
    private static final int A = 0, B = 2, C = 4;

    private void generate(String n, Instr in, Gen g) {
        int w = width(n);
        boolean fl = n.charAt(0) == 'f';
        char kind = fl ? 'f' : 's';
        String op = n.substring(n.indexOf('.') + 1);
        Code c = g.c;
        switch (op) {
            case "not" -> {
                c.get(A).i64(-1).op(I64_XOR).get(A + 1).i64(-1).op(I64_XOR);
                return;
            }
            case "and", "or", "xor", "andnot" -> {
                int scalar = switch (op) {
                    case "and", "andnot" -> I64_AND;
                    case "or" -> I64_OR;
                    default -> I64_XOR;
                };
                for (int h = 0; h < 2; h++) {
                    c.get(A + h).get(B + h);
                    if (op.equals("andnot")) {
                        c.i64(-1).op(I64_XOR);
                    }
                    c.op(scalar);
                }
                return;
            }
            case "bitselect" -> {
                // (v1 & c) | (v2 & ~c)
                for (int h = 0; h < 2; h++) {
                    c.get(A + h).get(C + h).op(I64_AND).get(B + h).get(C + h).i64(-1).op(I64_XOR).op(I64_AND).op(I64_OR);
                }
                return;
            }
            case "shuffle" -> {
                shuffle(c, in.a, in.b);
                return;
            }
            case "swizzle" -> {
                swizzle(g);
                return;
            }
            case "splat" -> {
                pack(c, w, kind, (cc, k) -> cc.get(0));
                return;
            }
            case "replace_lane" -> {
                int lane = in.lane;
                pack(c, w, kind, (cc, k) -> {
                    if (k == lane) {
                        cc.get(2);
                    } else {
                        lane(cc, A, w, k, fl ? 'f' : 'u');
                    }
                });
                return;
            }
            case "all_true" -> {
                int lanes = 128 / w;
                for (int k = 0; k < lanes; k++) {
                    lane(c, A, w, k, 'u');
                    c.op(w == 64 ? I64_EQZ : I32_EQZ);
                    if (k > 0) {
                        c.op(I32_OR);
                    }
                }
                c.op(I32_EQZ);
                return;
            }
            case "bitmask" -> {
                int lanes = 128 / w;
                for (int k = 0; k < lanes; k++) {
                    lane(c, A, w, k, 's');
                    if (w == 64) {
                        c.i64(63).op(I64_SHR_U).op(I32_WRAP_I64);
                    } else {
                        c.i32(31).op(I32_SHR_U);
                    }
                    if (k > 0) {
                        c.i32(k).op(I32_SHL).op(I32_OR);
                    }
                }
                return;
            }
            case "shl", "shr_s", "shr_u" -> {
                int count = g.local(I32);
                c.get(2).i32(w - 1).op(I32_AND).set(count);
                char ext = op.equals("shr_u") ? 'u' : 's';
                int scalar = switch (op) {
                    case "shl" -> w == 64 ? I64_SHL : I32_SHL;
                    case "shr_s" -> w == 64 ? I64_SHR_S : I32_SHR_S;
                    default -> w == 64 ? I64_SHR_U : I32_SHR_U;
                };
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, w, k, ext);
                    cc.get(count);
                    if (w == 64) {
                        cc.op(I64_EXTEND_I32_U);
                    }
                    cc.op(scalar);
                });
                return;
            }
            default -> {}
        }
        if (fl) {
            floatOp(n, op, w, g);
        } else {
            intOp(n, op, w, g);
        }
    }

    private static final List<String> INT_CMP = List.of("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");
    private static final List<String> FLOAT_CMP = List.of("eq", "ne", "lt", "gt", "le", "ge");
    private static final List<String> FLOAT_UNARY = List.of("abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt");
    private static final List<String> FLOAT_BINARY = List.of("add", "sub", "mul", "div", "min", "max");

    private void floatOp(String n, String op, int w, Gen g) {
        Code c = g.c;
        boolean f64 = w == 64;
        int cmp = FLOAT_CMP.indexOf(op);
        if (cmp >= 0) {
            compare(c, w, (cc, k) -> {
                lane(cc, A, w, k, 'f');
                lane(cc, B, w, k, 'f');
                cc.op((f64 ? 0x61 : 0x5B) + cmp);
            });
            return;
        }
        int unary = FLOAT_UNARY.indexOf(op);
        if (unary >= 0) {
            pack(c, w, 'f', (cc, k) -> lane(cc, A, w, k, 'f').op((f64 ? 0x99 : 0x8B) + unary));
            return;
        }
        int binary = FLOAT_BINARY.indexOf(op);
        if (binary >= 0) {
            pack(c, w, 'f', (cc, k) -> {
                lane(cc, A, w, k, 'f');
                lane(cc, B, w, k, 'f');
                cc.op((f64 ? 0xA0 : 0x92) + binary);
            });
            return;
        }
        switch (op) {
            case "pmin", "pmax" -> pack(c, w, 'f', (cc, k) -> {
                // pmin: b < a ? b : a; pmax: a < b ? b : a (the operands' bits, not a float result)
                lane(cc, B, w, k, 'f');
                lane(cc, A, w, k, 'f');
                if (op.equals("pmin")) {
                    lane(cc, B, w, k, 'f');
                    lane(cc, A, w, k, 'f');
                } else {
                    lane(cc, A, w, k, 'f');
                    lane(cc, B, w, k, 'f');
                }
                cc.op(f64 ? 0x63 : 0x5D).op(Op.SELECT);
            });
            case "convert_i32x4_s", "convert_i32x4_u" -> pack(c, 32, 'f', (cc, k) ->
                    lane(cc, A, 32, k, 'u').op(op.endsWith("_s") ? 0xB2 : 0xB3));
            case "convert_low_i32x4_s", "convert_low_i32x4_u" -> pack(c, 64, 'f', (cc, k) ->
                    lane(cc, A, 32, k, 'u').op(op.endsWith("_s") ? 0xB7 : 0xB8));
            case "promote_low_f32x4" -> pack(c, 64, 'f', (cc, k) -> lane(cc, A, 32, k, 'f').op(0xBB));
            case "demote_f64x2_zero" -> pack(c, 32, 'f', (cc, k) -> {
                if (k < 2) {
                    lane(cc, A, 64, k, 'f').op(0xB6);
                } else {
                    cc.out.add(new Instr(Op.F32_CONST, 0));
                }
            });
            default -> throw unsupported(n);
        }
    }

    private void intOp(String n, String op, int w, Gen g) {
        Code c = g.c;
        boolean i64 = w == 64;
        int cmp = INT_CMP.indexOf(op);
        if (cmp >= 0) {
            char ext = op.endsWith("_u") ? 'u' : 's';
            compare(c, w, (cc, k) -> {
                lane(cc, A, w, k, ext);
                lane(cc, B, w, k, ext);
                cc.op((i64 ? I64_EQ : I32_EQ) + cmp);
            });
            return;
        }
        switch (op) {
            case "add", "sub", "mul" -> {
                int scalar = switch (op) {
                    case "add" -> i64 ? I64_ADD : I32_ADD;
                    case "sub" -> i64 ? I64_SUB : I32_SUB;
                    default -> i64 ? I64_MUL : I32_MUL;
                };
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, w, k, 'u');
                    lane(cc, B, w, k, 'u');
                    cc.op(scalar);
                });
            }
            case "neg" -> pack(c, w, 'i', (cc, k) -> {
                if (i64) {
                    cc.i64(0);
                } else {
                    cc.i32(0);
                }
                lane(cc, A, w, k, 'u');
                cc.op(i64 ? I64_SUB : I32_SUB);
            });
            case "abs" -> pack(c, w, 'i', (cc, k) -> {
                // select(-x, x, x < 0)
                if (i64) {
                    cc.i64(0);
                } else {
                    cc.i32(0);
                }
                lane(cc, A, w, k, 's');
                cc.op(i64 ? I64_SUB : I32_SUB);
                lane(cc, A, w, k, 's');
                lane(cc, A, w, k, 's');
                if (i64) {
                    cc.i64(0).op(I64_LT_S);
                } else {
                    cc.i32(0).op(I32_LT_S);
                }
                cc.op(Op.SELECT);
            });
            case "min_s", "min_u", "max_s", "max_u" -> {
                char ext = op.endsWith("_u") ? 'u' : 's';
                int lt = i64 ? I64_LT_S : (ext == 'u' ? I32_LT_U : I32_LT_S);
                boolean min = op.startsWith("min");
                pack(c, w, 'i', (cc, k) -> {
                    // min: a < b ? a : b; max: a < b ? b : a
                    lane(cc, min ? A : B, w, k, ext);
                    lane(cc, min ? B : A, w, k, ext);
                    lane(cc, A, w, k, ext);
                    lane(cc, B, w, k, ext);
                    cc.op(lt).op(Op.SELECT);
                });
            }
            case "extend_low_i8x16_s", "extend_high_i8x16_s", "extend_low_i8x16_u", "extend_high_i8x16_u",
                    "extend_low_i16x8_s", "extend_high_i16x8_s", "extend_low_i16x8_u", "extend_high_i16x8_u",
                    "extend_low_i32x4_s", "extend_high_i32x4_s", "extend_low_i32x4_u", "extend_high_i32x4_u" -> {
                int from = w / 2;
                int first = op.contains("high") ? 64 / from : 0;
                char ext = op.endsWith("_u") ? 'u' : 's';
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, from, first + k, ext);
                    if (i64) {
                        cc.op(ext == 'u' ? I64_EXTEND_I32_U : I64_EXTEND_I32_S);
                    }
                });
            }
            case "popcnt" -> pack(c, w, 'i', (cc, k) -> lane(cc, A, w, k, 'u').op(I32_POPCNT));
            case "add_sat_s", "add_sat_u", "sub_sat_s", "sub_sat_u" -> {
                boolean signed = op.endsWith("_s");
                char ext = signed ? 's' : 'u';
                int t = g.local(I32);
                int scalar = op.startsWith("add") ? I32_ADD : I32_SUB;
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, w, k, ext);
                    lane(cc, B, w, k, ext);
                    cc.op(scalar).set(t);
                    clamp(cc, t, signed ? -(1 << (w - 1)) : 0, signed ? (1 << (w - 1)) - 1 : (1 << w) - 1);
                });
            }
            case "avgr_u" -> pack(c, w, 'i', (cc, k) -> {
                lane(cc, A, w, k, 'u');
                lane(cc, B, w, k, 'u');
                cc.op(I32_ADD).i32(1).op(I32_ADD).i32(1).op(I32_SHR_U);
            });
            case "narrow_i16x8_s", "narrow_i16x8_u", "narrow_i32x4_s", "narrow_i32x4_u" -> {
                boolean signed = op.endsWith("_s");
                int t = g.local(I32);
                int half = 64 / w; // source lanes per operand: 128 / (2w)
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, k < half ? A : B, 2 * w, k % half, 's');
                    cc.set(t);
                    clamp(cc, t, signed ? -(1 << (w - 1)) : 0, signed ? (1 << (w - 1)) - 1 : (1 << w) - 1);
                });
            }
            case "extadd_pairwise_i8x16_s", "extadd_pairwise_i8x16_u", "extadd_pairwise_i16x8_s",
                    "extadd_pairwise_i16x8_u" -> {
                char ext = op.endsWith("_u") ? 'u' : 's';
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, w / 2, 2 * k, ext);
                    lane(cc, A, w / 2, 2 * k + 1, ext);
                    cc.op(I32_ADD);
                });
            }
            case "q15mulr_sat_s" -> {
                int t = g.local(I32);
                pack(c, w, 'i', (cc, k) -> {
                    lane(cc, A, w, k, 's');
                    lane(cc, B, w, k, 's');
                    cc.op(I32_MUL).i32(0x4000).op(I32_ADD).i32(15).op(I32_SHR_S).set(t);
                    clamp(cc, t, -0x8000, 0x7FFF);
                });
            }
            case "dot_i16x8_s" -> pack(c, w, 'i', (cc, k) -> {
                lane(cc, A, 16, 2 * k, 's');
                lane(cc, B, 16, 2 * k, 's');
                cc.op(I32_MUL);
                lane(cc, A, 16, 2 * k + 1, 's');
                lane(cc, B, 16, 2 * k + 1, 's');
                cc.op(I32_MUL).op(I32_ADD);
            });
            default -> {
                if (op.startsWith("extmul_")) {
                    int from = w / 2;
                    int first = op.contains("high") ? 64 / from : 0;
                    char ext = op.endsWith("_u") ? 'u' : 's';
                    pack(c, w, 'i', (cc, k) -> {
                        lane(cc, A, from, first + k, ext);
                        if (i64) {
                            cc.op(ext == 'u' ? I64_EXTEND_I32_U : I64_EXTEND_I32_S);
                        }
                        lane(cc, B, from, first + k, ext);
                        if (i64) {
                            cc.op(ext == 'u' ? I64_EXTEND_I32_U : I64_EXTEND_I32_S);
                        }
                        cc.op(i64 ? I64_MUL : I32_MUL);
                    });
                } else if (op.startsWith("trunc_sat_f32x4")) {
                    pack(c, 32, 'i', (cc, k) -> lane(cc, A, 32, k, 'f').op(op.endsWith("_s") ? 0xFC00 : 0xFC01));
                } else if (op.startsWith("trunc_sat_f64x2")) {
                    pack(c, 32, 'i', (cc, k) -> {
                        if (k < 2) {
                            lane(cc, A, 64, k, 'f').op(op.endsWith("_s_zero") ? 0xFC02 : 0xFC03);
                        } else {
                            cc.i32(0);
                        }
                    });
                } else {
                    throw unsupported(n);
                }
            }
        }
    }

    /** The i32 in local {@code t} clamped to [min, max] (signed), on the stack. */
    private static void clamp(Code c, int t, int min, int max) {
        c.i32(max).get(t).get(t).i32(max).op(I32_GT_S).op(Op.SELECT).set(t);
        c.i32(min).get(t).get(t).i32(min).op(I32_LT_S).op(Op.SELECT);
    }

    static UnsupportedOperationException unsupported(String name) {
        return new UnsupportedOperationException("SIMD instruction " + name + " is not lowered yet");
    }

    /** Lane {@code k} of width {@code w} of the v128 at slots p, p+1: 's' sign- or 'u' zero-extended integer, 'f' float. */
    static Code lane(Code c, int p, int w, int k, char kind) {
        int bit = k * w;
        c.get(p + bit / 64);
        if (w == 64) {
            return kind == 'f' ? c.op(F64_REINTERPRET_I64) : c;
        }
        c.shrU64(bit % 64).op(I32_WRAP_I64);
        if (w == 32) {
            return kind == 'f' ? c.op(F32_REINTERPRET_I32) : c;
        }
        if (kind == 's') {
            return c.op(w == 8 ? I32_EXTEND8_S : I32_EXTEND16_S);
        }
        return c.i32(w == 8 ? 0xFF : 0xFFFF).op(I32_AND);
    }

    /** Builds a v128 (low, high) from its lanes' scalar values; 'f' lanes are floats, others integers. */
    private static void pack(Code c, int w, char kind, LaneBody body) {
        int perHalf = 64 / w;
        for (int h = 0; h < 2; h++) {
            for (int j = 0; j < perHalf; j++) {
                body.emit(c, h * perHalf + j);
                if (kind == 'f') {
                    c.op(w == 64 ? I64_REINTERPRET_F64 : I32_REINTERPRET_F32);
                }
                if (w < 64) {
                    c.op(I64_EXTEND_I32_U);
                    if (w < 32 && j * w + w < 64) {
                        c.i64((1L << w) - 1).op(I64_AND);
                    }
                }
                c.shl64(j * w);
                if (j > 0) {
                    c.op(I64_OR);
                }
            }
        }
    }

    /** A lane-wise comparison: each lane all ones where the scalar comparison (an i32 0 or 1) holds, else 0. */
    private static void compare(Code c, int w, LaneBody cmp) {
        pack(c, w, 'i', (cc, k) -> {
            if (w == 64) {
                cc.i64(0);
                cmp.emit(cc, k);
                cc.op(I64_EXTEND_I32_U).op(I64_SUB);
            } else {
                cc.i32(0);
                cmp.emit(cc, k);
                cc.op(I32_SUB);
            }
        });
    }

    /**
     * i8x16.shuffle: result byte i is byte {@code lanes[i]} of a:b. Runs of bytes that come in order
     * from one 8-byte half are moved with one shift and mask.
     */
    private static void shuffle(Code c, long lo, long hi) {
        int[] lanes = new int[16];
        for (int i = 0; i < 16; i++) {
            lanes[i] = (int) (((i < 8 ? lo : hi) >>> (8 * (i % 8))) & 0xFF);
        }
        for (int h = 0; h < 2; h++) {
            boolean first = true;
            int i = 8 * h;
            while (i < 8 * h + 8) {
                int src = lanes[i];
                int n = 1;
                while (i + n < 8 * h + 8 && lanes[i + n] == src + n && (src + n) / 8 == src / 8) {
                    n++;
                }
                int srcPos = src % 8, dstPos = i % 8;
                c.get(src / 8); // a's halves are slots 0-1, b's 2-3: byte src lives in half src / 8
                c.shrU64(8 * srcPos);
                if (n < 8 - dstPos && n < 8 - srcPos) {
                    c.i64((1L << (8 * n)) - 1).op(I64_AND);
                }
                c.shl64(8 * dstPos);
                if (!first) {
                    c.op(I64_OR);
                }
                first = false;
                i += n;
            }
        }
    }

    /** i8x16.swizzle: result byte i is a's byte s[i], or 0 when s[i] >= 16. */
    private static void swizzle(Gen g) {
        Code c = g.c;
        int idx = g.local(I32);
        for (int h = 0; h < 2; h++) {
            for (int j = 0; j < 8; j++) {
                lane(c, B, 8, 8 * h + j, 'u');
                c.set(idx);
                // (idx < 8 ? a.lo : a.hi) >> 8 * (idx & 7), low byte, or 0 when idx >= 16
                c.get(A + 1).get(A).get(idx).i32(8).op(I32_AND).op(Op.SELECT);
                c.get(idx).i32(7).op(I32_AND).i32(3).op(I32_SHL).op(I64_EXTEND_I32_U).op(I64_SHR_U);
                c.i64(0xFF).op(I64_AND);
                c.i64(0).get(idx).i32(16).op(I32_LT_U).op(Op.SELECT);
                c.shl64(8 * j);
                if (j > 0) {
                    c.op(I64_OR);
                }
            }
        }
    }
}
