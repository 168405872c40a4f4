package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;

/** A builder of straight-line instruction lists, for code that passes generate. */
final class Code {
    // scalar opcodes by name, only those the generated code uses
    static final int I32_WRAP_I64 = 0xA7, I64_EXTEND_I32_S = 0xAC, I64_EXTEND_I32_U = 0xAD;
    static final int I32_REINTERPRET_F32 = 0xBC, I64_REINTERPRET_F64 = 0xBD, F32_REINTERPRET_I32 = 0xBE,
            F64_REINTERPRET_I64 = 0xBF;
    static final int I32_EQZ = 0x45, I32_EQ = 0x46, I32_NE = 0x47, I32_LT_S = 0x48, I32_LT_U = 0x49, I32_GT_S = 0x4A,
            I32_GT_U = 0x4B, I32_LE_S = 0x4C, I32_LE_U = 0x4D, I32_GE_S = 0x4E, I32_GE_U = 0x4F;
    static final int I64_EQZ = 0x50, I64_EQ = 0x51, I64_NE = 0x52, I64_LT_S = 0x53, I64_GT_S = 0x55, I64_LE_S = 0x57,
            I64_GE_S = 0x59;
    static final int I32_POPCNT = 0x69, I32_ADD = 0x6A, I32_SUB = 0x6B, I32_MUL = 0x6C, I32_AND = 0x71, I32_OR = 0x72,
            I32_XOR = 0x73, I32_SHL = 0x74, I32_SHR_S = 0x75, I32_SHR_U = 0x76;
    static final int I64_ADD = 0x7C, I64_SUB = 0x7D, I64_MUL = 0x7E, I64_AND = 0x83, I64_OR = 0x84, I64_XOR = 0x85,
            I64_SHL = 0x86, I64_SHR_S = 0x87, I64_SHR_U = 0x88;
    static final int I32_EXTEND8_S = 0xC0, I32_EXTEND16_S = 0xC1;
    static final int I64_LOAD = 0x29, I64_LOAD8_U = 0x31, I64_LOAD16_U = 0x33, I64_LOAD32_U = 0x35, I64_STORE = 0x37,
            I64_STORE8 = 0x3C, I64_STORE16 = 0x3D, I64_STORE32 = 0x3E;

    static final byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B;

    final List<Instr> out;

    Code() {
        this(new ArrayList<>());
    }

    Code(List<Instr> out) {
        this.out = out;
    }

    Code op(int op) {
        out.add(new Instr(op));
        return this;
    }

    Code get(int local) {
        out.add(new Instr(Op.LOCAL_GET, local));
        return this;
    }

    Code set(int local) {
        out.add(new Instr(Op.LOCAL_SET, local));
        return this;
    }

    Code tee(int local) {
        out.add(new Instr(Op.LOCAL_TEE, local));
        return this;
    }

    Code i32(long v) {
        out.add(new Instr(Op.I32_CONST, (int) v));
        return this;
    }

    Code i64(long v) {
        out.add(new Instr(Op.I64_CONST, v));
        return this;
    }

    Code call(int function) {
        out.add(new Instr(Op.CALL, function));
        return this;
    }

    /** A memory access with the given alignment flags (log2 alignment | 0x40 multi-memory), offset, memory. */
    Code mem(int op, long align, long offset, long memory) {
        Instr in = new Instr(op, align);
        in.b = offset;
        in.c = memory;
        out.add(in);
        return this;
    }

    /** Shifts an i64 right by {@code bits} (logically), if any. */
    Code shrU64(int bits) {
        return bits == 0 ? this : i64(bits).op(I64_SHR_U);
    }

    Code shl64(int bits) {
        return bits == 0 ? this : i64(bits).op(I64_SHL);
    }
}
