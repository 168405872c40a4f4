package dev.chartbox.wasm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decodes and encodes function bodies: MVP, multivalue, sign extension, non-trapping float-to-int,
 * bulk memory, reference types, multi-memory immediates, tail calls, exceptions in the exnref
 * form (try_table, throw, throw_ref), and SIMD with relaxed SIMD. GC and the legacy try/catch are rejected.
 *
 * <p>Immediates per opcode: structured ops keep the block type (s33) in {@code a}; br/br_if the
 * depth; br_table its targets in {@code labels} and the default in {@code a}; call, return_call,
 * ref.func, throw, local.*, global.*, table.get/set the index; call_indirect the type in {@code a}
 * and table in {@code b}; memory accesses alignment (flags) in {@code a}, offset in {@code b},
 * memory in {@code c}; constants their bits; 0xFC ops their indices in {@code a} then {@code b};
 * SIMD ops ({@link SimdOp}) a memarg as above, a lane index in {@code lane}, and v128.const's or
 * i8x16.shuffle's 16 bytes as two little-endian longs in {@code a} (bytes 0-7) and {@code b}.
 */
public final class CodeCodec {
    private CodeCodec() {}

    public static FunctionCode decode(byte[] body) {
        return decode(new WasmReader(body));
    }

    public static FunctionCode decode(WasmReader r) {
        FunctionCode code = new FunctionCode();
        long groups = r.u32();
        for (long g = 0; g < groups; g++) {
            code.localCounts.add(r.u32());
            code.localTypes.add((byte) valType(r));
        }
        List<Instr> top = new ArrayList<>();
        Deque<Instr> open = new ArrayDeque<>();
        List<Instr> current = top;
        while (true) {
            int op = r.u8();
            if (op == Op.END) {
                if (open.isEmpty()) {
                    break;
                }
                open.pop();
                current = open.isEmpty() ? top : currentList(open.peek());
                continue;
            }
            if (op == Op.ELSE) {
                Instr iff = open.peek();
                if (iff == null || iff.op != Op.IF || iff.elseBody != null) {
                    throw new WasmFormatException("else without if at byte " + r.position());
                }
                iff.elseBody = new ArrayList<>();
                current = iff.elseBody;
                continue;
            }
            Instr in = readInstr(op, r);
            current.add(in);
            if (in.body != null) {
                open.push(in);
                current = in.body;
            }
        }
        code.instrs = top;
        return code;
    }

    /** A constant expression (a global's initialiser, a segment offset), up to and without its end. */
    public static List<Instr> readExpr(WasmReader r) {
        List<Instr> out = new ArrayList<>();
        for (int op = r.u8(); op != Op.END; op = r.u8()) {
            out.add(readInstr(op, r));
        }
        return out;
    }

    private static List<Instr> currentList(Instr open) {
        return open.elseBody != null ? open.elseBody : open.body;
    }

    private static int valType(WasmReader r) {
        int t = r.u8();
        if (t == 0x63 || t == 0x64) {
            throw new WasmFormatException("typed references (GC proposal) are not supported");
        }
        return t;
    }

    private static Instr readInstr(int op, WasmReader r) {
        Instr in = new Instr(op);
        switch (op) {
            case Op.BLOCK, Op.LOOP, Op.IF -> {
                in.a = r.s64();
                in.widthA = padS(in.a, r);
                in.body = new ArrayList<>();
            }
            case Op.TRY_TABLE -> {
                in.a = r.s64();
                in.widthA = padS(in.a, r);
                int n = r.u32int();
                in.labels = new int[n * 4];
                for (int k = 0; k < n; k++) {
                    int kind = r.u8();
                    in.labels[4 * k] = kind;
                    if (kind == Op.CATCH || kind == Op.CATCH_REF) {
                        long tag = r.u32();
                        in.labels[4 * k + 1] = (int) tag;
                        in.labels[4 * k + 3] = padU(tag, r);
                    } else {
                        in.labels[4 * k + 1] = -1;
                    }
                    in.labels[4 * k + 2] = r.u32int();
                }
                in.body = new ArrayList<>();
            }
            case Op.BR, Op.BR_IF, Op.CALL, Op.RETURN_CALL, Op.THROW, Op.LOCAL_GET, Op.LOCAL_SET,
                    Op.LOCAL_TEE, Op.GLOBAL_GET, Op.GLOBAL_SET, Op.TABLE_GET, Op.TABLE_SET, Op.REF_FUNC,
                    Op.MEMORY_SIZE, Op.MEMORY_GROW -> {
                in.a = r.u32();
                in.widthA = padU(in.a, r);
            }
            case Op.BR_TABLE -> {
                int n = r.u32int();
                in.labels = new int[n];
                for (int k = 0; k < n; k++) {
                    in.labels[k] = r.u32int();
                }
                in.a = r.u32();
            }
            case Op.CALL_INDIRECT, Op.RETURN_CALL_INDIRECT -> {
                in.a = r.u32();
                in.widthA = padU(in.a, r);
                in.b = r.u32();
                in.widthB = padU(in.b, r);
            }
            case Op.SELECT_T -> {
                int n = r.u32int();
                in.valTypes = new byte[n];
                for (int k = 0; k < n; k++) {
                    in.valTypes[k] = (byte) valType(r);
                }
            }
            case Op.I32_CONST, Op.I64_CONST -> {
                in.a = r.s64();
                in.widthA = padS(in.a, r);
            }
            case Op.F32_CONST -> in.a = r.fixed(4);
            case Op.F64_CONST -> in.a = r.fixed(8);
            case Op.REF_NULL -> in.a = r.s64();
            case Op.PREFIX_FC -> {
                int sub = r.u32int();
                Instr fc = new Instr(0xFC00 | sub);
                switch (sub) {
                    case 0, 1, 2, 3, 4, 5, 6, 7 -> {}
                    case 8, 10, 12, 14 -> {
                        fc.a = r.u32();
                        fc.b = r.u32();
                    }
                    case 9, 11, 13, 15, 16, 17 -> fc.a = r.u32();
                    default -> throw new WasmFormatException("unknown 0xFC opcode " + sub);
                }
                return fc;
            }
            case 0xFD -> {
                return readSimd(r);
            }
            case 0x06, 0x07, 0x09, 0x18, 0x19 -> throw new WasmFormatException(
                    "legacy exception instructions are not supported (opcode 0x" + Integer.toHexString(op) + ")");
            default -> {
                if (Op.isMemoryAccess(op)) {
                    in.a = r.u32();
                    in.widthA = padU(in.a, r);
                    if ((in.a & 0x40) != 0) {
                        in.c = r.u32();
                    }
                    in.b = r.u32();
                    in.widthB = padU(in.b, r);
                } else if (!(op <= Op.NOP || op == Op.RETURN || op == Op.THROW_REF || op == Op.DROP
                        || op == Op.SELECT || (op >= 0x45 && op <= 0xC4) || op == Op.REF_IS_NULL)) {
                    throw new WasmFormatException("unknown opcode 0x" + Integer.toHexString(op));
                }
            }
        }
        return in;
    }

    private static Instr readSimd(WasmReader r) {
        int sub = r.u32int();
        if (SimdOp.name(sub) == null) {
            throw new WasmFormatException("unknown SIMD opcode 0x" + Integer.toHexString(sub));
        }
        Instr in = new Instr(SimdOp.BASE + sub);
        if (SimdOp.hasMemarg(sub)) {
            in.a = r.u32();
            in.widthA = padU(in.a, r);
            if ((in.a & 0x40) != 0) {
                in.c = r.u32();
            }
            in.b = r.u32();
            in.widthB = padU(in.b, r);
        }
        if (SimdOp.hasLane(sub)) {
            in.lane = r.u8();
        }
        if (SimdOp.hasBytes16(sub)) {
            in.a = r.fixed(8);
            in.b = r.fixed(8);
        }
        return in;
    }

    private static byte padU(long v, WasmReader r) {
        int len = r.lastLebLength();
        return (byte) (len == WasmWriter.u32Size(v) ? 0 : len);
    }

    private static byte padS(long v, WasmReader r) {
        int len = r.lastLebLength();
        return (byte) (len == WasmWriter.s64Size(v) ? 0 : len);
    }

    public static byte[] encode(FunctionCode code) {
        WasmWriter w = new WasmWriter();
        w.u32(code.localCounts.size());
        for (int g = 0; g < code.localCounts.size(); g++) {
            w.u32(code.localCounts.get(g));
            w.u8(code.localTypes.get(g));
        }
        encodeAll(code.instrs, w);
        w.u8(Op.END);
        return w.toByteArray();
    }

    public static void encodeAll(List<Instr> list, WasmWriter w) {
        for (Instr in : list) {
            encode(in, w);
        }
    }

    public static void encode(Instr in, WasmWriter w) {
        int op = in.op;
        if (SimdOp.isSimd(op)) {
            int sub = SimdOp.sub(op);
            w.u8(0xFD).u32(sub);
            if (SimdOp.hasMemarg(sub)) {
                w.u32(in.a, in.widthA);
                if ((in.a & 0x40) != 0) {
                    w.u32(in.c);
                }
                w.u32(in.b, in.widthB);
            }
            if (SimdOp.hasLane(sub)) {
                w.u8(in.lane);
            }
            if (SimdOp.hasBytes16(sub)) {
                w.fixed(in.a, 8).fixed(in.b, 8);
            }
            return;
        }
        if (op >= 0xFC00) {
            w.u8(Op.PREFIX_FC).u32(op & 0xFF);
            switch (op & 0xFF) {
                case 8, 10, 12, 14 -> w.u32(in.a).u32(in.b);
                case 9, 11, 13, 15, 16, 17 -> w.u32(in.a);
                default -> {}
            }
            return;
        }
        w.u8(op);
        switch (op) {
            case Op.BLOCK, Op.LOOP, Op.IF -> {
                w.s64(in.a, in.widthA);
                encodeAll(in.body, w);
                if (in.elseBody != null) {
                    w.u8(Op.ELSE);
                    encodeAll(in.elseBody, w);
                }
                w.u8(Op.END);
            }
            case Op.TRY_TABLE -> {
                w.s64(in.a, in.widthA);
                w.u32(in.labels.length / 4);
                for (int k = 0; k < in.labels.length; k += 4) {
                    w.u8(in.labels[k]);
                    if (in.labels[k] == Op.CATCH || in.labels[k] == Op.CATCH_REF) {
                        w.u32(in.labels[k + 1], in.labels[k + 3]);
                    }
                    w.u32(in.labels[k + 2]);
                }
                encodeAll(in.body, w);
                w.u8(Op.END);
            }
            case Op.BR, Op.BR_IF, Op.CALL, Op.RETURN_CALL, Op.THROW, Op.LOCAL_GET, Op.LOCAL_SET,
                    Op.LOCAL_TEE, Op.GLOBAL_GET, Op.GLOBAL_SET, Op.TABLE_GET, Op.TABLE_SET, Op.REF_FUNC,
                    Op.MEMORY_SIZE, Op.MEMORY_GROW -> w.u32(in.a, in.widthA);
            case Op.BR_TABLE -> {
                w.u32(in.labels.length);
                for (int l : in.labels) {
                    w.u32(l);
                }
                w.u32(in.a);
            }
            case Op.CALL_INDIRECT, Op.RETURN_CALL_INDIRECT -> w.u32(in.a, in.widthA).u32(in.b, in.widthB);
            case Op.SELECT_T -> {
                w.u32(in.valTypes.length);
                for (byte t : in.valTypes) {
                    w.u8(t);
                }
            }
            case Op.I32_CONST, Op.I64_CONST -> w.s64(in.a, in.widthA);
            case Op.REF_NULL -> w.s64(in.a);
            case Op.F32_CONST -> w.fixed(in.a, 4);
            case Op.F64_CONST -> w.fixed(in.a, 8);
            default -> {
                if (Op.isMemoryAccess(op)) {
                    w.u32(in.a, in.widthA);
                    if ((in.a & 0x40) != 0) {
                        w.u32(in.c);
                    }
                    w.u32(in.b, in.widthB);
                }
            }
        }
    }

    /** Encoded size in bytes of one instruction, bodies included. */
    public static int size(Instr in) {
        WasmWriter w = new WasmWriter();
        encode(in, w);
        return w.size();
    }
}
