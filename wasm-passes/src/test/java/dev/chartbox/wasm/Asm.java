package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny assembler for tests: one instruction per line in the Wasm text format's flat syntax
 * ({@code block i32}, {@code br_if 1}, {@code try_table catch 0 1 catch_all 2}, {@code end}),
 * encoded with {@link CodeCodec}. Enough for the constructs the splitter must handle.
 */
final class Asm {
    private static final Map<String, Integer> PLAIN = new HashMap<>();

    static {
        String[] names = {
            "unreachable:00", "nop:01", "return:0f", "drop:1a", "select:1b", "throw_ref:0a",
            "i32.eqz:45", "i32.eq:46", "i32.ne:47", "i32.lt_s:48", "i32.lt_u:49", "i32.gt_s:4a", "i32.gt_u:4b",
            "i32.le_s:4c", "i32.ge_s:4e", "i32.add:6a", "i32.sub:6b", "i32.mul:6c", "i32.div_s:6d",
            "i32.div_u:6e", "i32.rem_s:6f", "i32.rem_u:70", "i32.and:71", "i32.or:72", "i32.xor:73",
            "i32.shl:74", "i32.shr_s:75", "i32.shr_u:76", "i32.rotl:77", "i64.add:7c", "i64.mul:7e",
            "i64.extend_i32_s:ac", "i32.wrap_i64:a7", "f64.add:a0", "f64.mul:a2", "f64.convert_i32_s:b7",
            "i32.trunc_f64_s:aa", "i32.extend8_s:c0"
        };
        for (String n : names) {
            String[] p = n.split(":");
            PLAIN.put(p[0], Integer.parseInt(p[1], 16));
        }
    }

    private Asm() {}

    static FunctionCode function(String locals, String... lines) {
        List<String> all = new ArrayList<>();
        for (String l : lines) {
            for (String s : l.split("\n")) {
                if (!s.isBlank()) {
                    all.add(s.trim());
                }
            }
        }
        WasmWriter w = new WasmWriter();
        // locals: a string of type letters, e.g. "iiiF" (i=i32, I=i64, f=f32, F=f64)
        w.u32(locals.length());
        for (char c : locals.toCharArray()) {
            w.u32(1).u8(valType(c));
        }
        for (String line : all) {
            emit(line, w);
        }
        w.u8(Op.END);
        return CodeCodec.decode(w.toByteArray());
    }

    static int valType(char c) {
        return switch (c) {
            case 'i' -> 0x7F;
            case 'I' -> 0x7E;
            case 'f' -> 0x7D;
            case 'F' -> 0x7C;
            default -> throw new IllegalArgumentException("type " + c);
        };
    }

    private static long blockType(String[] t) {
        if (t.length < 2) {
            return Op.BLOCK_EMPTY;
        }
        if (t[1].startsWith("type=")) {
            return Long.parseLong(t[1].substring(5));
        }
        return switch (t[1]) {
            case "i32" -> -1;
            case "i64" -> -2;
            case "f64" -> -4;
            case "exnref" -> -23;
            default -> throw new IllegalArgumentException(t[1]);
        };
    }

    private static void emit(String line, WasmWriter w) {
        String[] t = line.split("\\s+");
        String m = t[0];
        Integer plain = PLAIN.get(m);
        if (plain != null) {
            w.u8(plain);
            return;
        }
        switch (m) {
            case "block" -> w.u8(Op.BLOCK).s64(blockType(t));
            case "loop" -> w.u8(Op.LOOP).s64(blockType(t));
            case "if" -> w.u8(Op.IF).s64(blockType(t));
            case "else" -> w.u8(Op.ELSE);
            case "end" -> w.u8(Op.END);
            case "br" -> w.u8(Op.BR).u32(Long.parseLong(t[1]));
            case "br_if" -> w.u8(Op.BR_IF).u32(Long.parseLong(t[1]));
            case "br_table" -> {
                w.u8(Op.BR_TABLE).u32(t.length - 2);
                for (int k = 1; k < t.length; k++) {
                    w.u32(Long.parseLong(t[k]));
                }
            }
            case "call" -> w.u8(Op.CALL).u32(Long.parseLong(t[1]));
            case "call_indirect" -> w.u8(Op.CALL_INDIRECT).u32(Long.parseLong(t[1])).u32(0);
            case "table.set" -> w.u8(Op.TABLE_SET).u32(0);
            case "ref.func" -> w.u8(Op.REF_FUNC).u32(Long.parseLong(t[1]));
            case "throw" -> w.u8(Op.THROW).u32(Long.parseLong(t[1]));
            case "local.get" -> w.u8(Op.LOCAL_GET).u32(Long.parseLong(t[1]));
            case "local.set" -> w.u8(Op.LOCAL_SET).u32(Long.parseLong(t[1]));
            case "local.tee" -> w.u8(Op.LOCAL_TEE).u32(Long.parseLong(t[1]));
            case "global.get" -> w.u8(Op.GLOBAL_GET).u32(Long.parseLong(t[1]));
            case "global.set" -> w.u8(Op.GLOBAL_SET).u32(Long.parseLong(t[1]));
            case "i32.const" -> w.u8(Op.I32_CONST).s64(Long.parseLong(t[1]));
            case "i64.const" -> w.u8(Op.I64_CONST).s64(Long.parseLong(t[1]));
            case "i32.load" -> w.u8(0x28).u32(2).u32(t.length > 1 ? Long.parseLong(t[1]) : 0);
            case "i32.store" -> w.u8(0x36).u32(2).u32(t.length > 1 ? Long.parseLong(t[1]) : 0);
            case "memory.fill" -> w.u8(0xFC).u32(11).u32(0);
            case "try_table" -> {
                // try_table [i32] catch TAG LABEL | catch_ref TAG LABEL | catch_all LABEL | catch_all_ref LABEL
                int k = 1;
                long bt = Op.BLOCK_EMPTY;
                if (k < t.length && t[k].equals("i32")) {
                    bt = -1;
                    k++;
                }
                List<long[]> catches = new ArrayList<>();
                while (k < t.length) {
                    switch (t[k]) {
                        case "catch" -> catches.add(new long[] {0, Long.parseLong(t[k + 1]), Long.parseLong(t[k + 2])});
                        case "catch_ref" -> catches.add(new long[] {1, Long.parseLong(t[k + 1]), Long.parseLong(t[k + 2])});
                        case "catch_all" -> catches.add(new long[] {2, -1, Long.parseLong(t[k + 1])});
                        case "catch_all_ref" -> catches.add(new long[] {3, -1, Long.parseLong(t[k + 1])});
                        default -> throw new IllegalArgumentException(line);
                    }
                    k += catches.get(catches.size() - 1)[0] < 2 ? 3 : 2;
                }
                w.u8(Op.TRY_TABLE).s64(bt).u32(catches.size());
                for (long[] c : catches) {
                    w.u8((int) c[0]);
                    if (c[0] < 2) {
                        w.u32(c[1]);
                    }
                    w.u32(c[2]);
                }
            }
            default -> throw new IllegalArgumentException("unknown instruction: " + line);
        }
    }
}
