package dev.chartbox.wasm;

/** Opcodes the passes look at by name; prefixed opcodes are {@code prefix << 8 | sub}. */
public final class Op {
    private Op() {}

    public static final int UNREACHABLE = 0x00;
    public static final int NOP = 0x01;
    public static final int BLOCK = 0x02;
    public static final int LOOP = 0x03;
    public static final int IF = 0x04;
    public static final int ELSE = 0x05;
    public static final int THROW = 0x08;
    public static final int THROW_REF = 0x0A;
    public static final int END = 0x0B;
    public static final int BR = 0x0C;
    public static final int BR_IF = 0x0D;
    public static final int BR_TABLE = 0x0E;
    public static final int RETURN = 0x0F;
    public static final int CALL = 0x10;
    public static final int CALL_INDIRECT = 0x11;
    public static final int RETURN_CALL = 0x12;
    public static final int RETURN_CALL_INDIRECT = 0x13;
    public static final int DROP = 0x1A;
    public static final int SELECT = 0x1B;
    public static final int SELECT_T = 0x1C;
    public static final int TRY_TABLE = 0x1F;
    public static final int LOCAL_GET = 0x20;
    public static final int LOCAL_SET = 0x21;
    public static final int LOCAL_TEE = 0x22;
    public static final int GLOBAL_GET = 0x23;
    public static final int GLOBAL_SET = 0x24;
    public static final int TABLE_GET = 0x25;
    public static final int TABLE_SET = 0x26;
    public static final int I32_LOAD = 0x28;
    public static final int I64_STORE32 = 0x3E;
    public static final int MEMORY_SIZE = 0x3F;
    public static final int MEMORY_GROW = 0x40;
    public static final int I32_CONST = 0x41;
    public static final int I64_CONST = 0x42;
    public static final int F32_CONST = 0x43;
    public static final int F64_CONST = 0x44;
    public static final int I32_EQZ = 0x45;
    public static final int I32_LT_U = 0x49;
    public static final int REF_NULL = 0xD0;
    public static final int REF_IS_NULL = 0xD1;
    public static final int REF_FUNC = 0xD2;
    public static final int PREFIX_FC = 0xFC;

    public static final int MEMORY_INIT = 0xFC08;
    public static final int DATA_DROP = 0xFC09;
    public static final int MEMORY_COPY = 0xFC0A;
    public static final int MEMORY_FILL = 0xFC0B;
    public static final int TABLE_INIT = 0xFC0C;
    public static final int ELEM_DROP = 0xFC0D;
    public static final int TABLE_COPY = 0xFC0E;
    public static final int TABLE_GROW = 0xFC0F;
    public static final int TABLE_SIZE = 0xFC10;
    public static final int TABLE_FILL = 0xFC11;

    /** Block type immediates (s33): the empty type; value types are negative, type indices not. */
    public static final long BLOCK_EMPTY = -64;

    /** try_table catch kinds. */
    public static final int CATCH = 0, CATCH_REF = 1, CATCH_ALL = 2, CATCH_ALL_REF = 3;

    public static boolean isStructured(int op) {
        return op == BLOCK || op == LOOP || op == IF || op == TRY_TABLE;
    }

    public static boolean isMemoryAccess(int op) {
        return op >= I32_LOAD && op <= I64_STORE32;
    }
}
