package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds small test modules: one memory, one mutable i32 global, tags of type (i32), functions
 * exported by name. Types are listed explicitly so tests can use them as block types.
 */
final class TestModule {
    private final List<FuncType> types = new ArrayList<>();
    private final List<Integer> funcTypes = new ArrayList<>();
    private final List<FunctionCode> codes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int tags;
    private int[] table;

    static FuncType type(String params, String results) {
        return new FuncType(bytes(params), bytes(results));
    }

    private static byte[] bytes(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Asm.valType(s.charAt(i));
        }
        return b;
    }

    int addType(FuncType t) {
        types.add(t);
        return types.size() - 1;
    }

    TestModule tags(int n) {
        tags = n;
        return this;
    }

    /** A table whose slots hold these functions from slot 0 on, filled by one active element segment. */
    TestModule table(int... functions) {
        table = functions;
        return this;
    }

    /** Adds a function; returns its index. */
    int function(String name, FuncType type, FunctionCode code) {
        int ti = types.indexOf(type);
        if (ti < 0) {
            ti = addType(type);
        }
        funcTypes.add(ti);
        codes.add(code);
        names.add(name);
        return funcTypes.size() - 1;
    }

    byte[] build() {
        int tagType = types.indexOf(type("i", ""));
        if (tags > 0 && tagType < 0) {
            tagType = addType(type("i", ""));
        }
        WasmWriter out = new WasmWriter().fixed(0x6d736100L, 4).fixed(1, 4);
        WasmWriter s = new WasmWriter().u32(types.size());
        for (FuncType t : types) {
            s.u8(0x60).u32(t.params().length).bytes(t.params()).u32(t.results().length).bytes(t.results());
        }
        section(out, 1, s);
        s = new WasmWriter().u32(funcTypes.size());
        funcTypes.forEach(s::u32);
        section(out, 3, s);
        if (table != null) {
            section(out, 4, new WasmWriter().u32(1).u8(0x70).u8(0).u32(table.length));
        }
        section(out, 5, new WasmWriter().u32(1).u8(0).u32(1));
        if (tags > 0) {
            s = new WasmWriter().u32(tags);
            for (int i = 0; i < tags; i++) {
                s.u8(0).u32(tagType);
            }
            section(out, 13, s);
        }
        section(out, 6, new WasmWriter().u32(1).u8(0x7F).u8(1).u8(Op.I32_CONST).s64(0).u8(Op.END));
        s = new WasmWriter().u32(names.size());
        for (int i = 0; i < names.size(); i++) {
            s.name(names.get(i)).u8(0).u32(i);
        }
        section(out, 7, s);
        if (table != null) {
            s = new WasmWriter().u32(1).u32(0).u8(Op.I32_CONST).s64(0).u8(Op.END).u32(table.length);
            for (int f : table) {
                s.u32(f);
            }
            section(out, 9, s);
        }
        s = new WasmWriter().u32(codes.size());
        for (FunctionCode c : codes) {
            byte[] b = CodeCodec.encode(c);
            s.u32(b.length).bytes(b);
        }
        section(out, 10, s);
        WasmWriter names = new WasmWriter().name("name");
        WasmWriter fn = new WasmWriter().u32(this.names.size());
        for (int i = 0; i < this.names.size(); i++) {
            fn.u32(i).name(this.names.get(i));
        }
        names.u8(1).sized(fn);
        section(out, 0, names);
        return out.toByteArray();
    }

    private static void section(WasmWriter out, int id, WasmWriter content) {
        out.u8(id).sized(content);
    }
}
