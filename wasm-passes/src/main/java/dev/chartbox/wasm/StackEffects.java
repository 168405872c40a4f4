package dev.chartbox.wasm;

import java.util.List;

/**
 * Operand-stack heights through an instruction sequence: how many values each instruction pops
 * and pushes, given the module's types. Heights are relative to the enclosing block frame;
 * {@link #UNREACHABLE} marks the polymorphic stack after br, return, throw and the like.
 */
public final class StackEffects {
    public static final int UNREACHABLE = -1;
    private static final byte[] NONE = new byte[0];

    private final WasmBinary module;

    public StackEffects(WasmBinary module) {
        this.module = module;
    }

    /** The type a block, loop, if or try_table with block type {@code bt} has. */
    public FuncType blockType(long bt) {
        if (bt == Op.BLOCK_EMPTY) {
            return new FuncType(NONE, NONE);
        }
        if (bt < 0) {
            return new FuncType(NONE, new byte[] {(byte) (bt & 0x7F)});
        }
        return module.types.get((int) bt);
    }

    /** The value types a branch to this block's label carries. */
    public byte[] labelTypes(Instr block) {
        FuncType t = blockType(block.a);
        return block.op == Op.LOOP ? t.params() : t.results();
    }

    /** Height before each instruction and after the last one (length n+1). */
    public int[] heights(List<Instr> seq, int start) {
        int[] h = new int[seq.size() + 1];
        int cur = start;
        for (int i = 0; i < seq.size(); i++) {
            h[i] = cur;
            Instr in = seq.get(i);
            if (cur == UNREACHABLE) {
                continue;
            }
            if (endsFlow(in.op)) {
                cur = UNREACHABLE;
                continue;
            }
            int[] pp = popPush(in);
            cur = Math.max(0, cur - pp[0]) + pp[1];
        }
        h[seq.size()] = cur;
        return h;
    }

    public static boolean endsFlow(int op) {
        return op == Op.UNREACHABLE || op == Op.BR || op == Op.BR_TABLE || op == Op.RETURN || op == Op.THROW
                || op == Op.THROW_REF || op == Op.RETURN_CALL || op == Op.RETURN_CALL_INDIRECT;
    }

    /** {pops, pushes} of an instruction that does not end control flow. */
    public int[] popPush(Instr in) {
        int op = in.op;
        if (in.body != null) {
            FuncType t = blockType(in.a);
            return new int[] {t.params().length + (op == Op.IF ? 1 : 0), t.results().length};
        }
        if (op >= 0xFC00) {
            return switch (op & 0xFF) {
                case 0, 1, 2, 3, 4, 5, 6, 7 -> pp(1, 1);
                case 9, 13 -> pp(0, 0);
                case 15 -> pp(2, 1);
                case 16 -> pp(0, 1);
                default -> pp(3, 0);
            };
        }
        switch (op) {
            case Op.NOP:
                return pp(0, 0);
            case Op.BR_IF:
                return pp(1, 0);
            case Op.CALL: {
                FuncType t = module.typeOfFunction((int) in.a);
                return pp(t.params().length, t.results().length);
            }
            case Op.CALL_INDIRECT: {
                FuncType t = module.types.get((int) in.a);
                return pp(t.params().length + 1, t.results().length);
            }
            case Op.DROP:
                return pp(1, 0);
            case Op.SELECT:
            case Op.SELECT_T:
                return pp(3, 1);
            case Op.LOCAL_GET:
            case Op.GLOBAL_GET:
            case Op.I32_CONST:
            case Op.I64_CONST:
            case Op.F32_CONST:
            case Op.F64_CONST:
            case Op.REF_NULL:
            case Op.REF_FUNC:
            case Op.MEMORY_SIZE:
                return pp(0, 1);
            case Op.LOCAL_SET:
            case Op.GLOBAL_SET:
                return pp(1, 0);
            case Op.LOCAL_TEE:
            case Op.TABLE_GET:
            case Op.MEMORY_GROW:
            case Op.REF_IS_NULL:
                return pp(1, 1);
            case Op.TABLE_SET:
                return pp(2, 0);
            default:
                break;
        }
        if (op >= Op.I32_LOAD && op <= 0x35) {
            return pp(1, 1);
        }
        if (op >= 0x36 && op <= Op.I64_STORE32) {
            return pp(2, 0);
        }
        if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B)
                || (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || (op >= 0xA7 && op <= 0xC4)) {
            return pp(1, 1);
        }
        if (op >= 0x46 && op <= 0xA6) {
            return pp(2, 1);
        }
        throw new WasmFormatException("no stack effect known for opcode 0x" + Integer.toHexString(op));
    }

    private static int[] pp(int pop, int push) {
        return new int[] {pop, push};
    }
}
