package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;

/** Builds test modules for SIMD: one exported memory of one page, exported functions, nothing else. */
final class SimdTestModule {
    private final List<FuncType> types = new ArrayList<>();
    private final List<Integer> funcTypes = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    void function(String name, FuncType type, List<Byte> locals, List<Instr> instrs) {
        int ti = types.indexOf(type);
        if (ti < 0) {
            types.add(type);
            ti = types.size() - 1;
        }
        FunctionCode code = new FunctionCode();
        for (byte t : locals) {
            code.localCounts.add(1L);
            code.localTypes.add(t);
        }
        code.instrs = instrs;
        funcTypes.add(ti);
        bodies.add(CodeCodec.encode(code));
        names.add(name);
    }

    byte[] build() {
        WasmWriter out = new WasmWriter().fixed(0x6d736100L, 4).fixed(1, 4);
        WasmWriter s = new WasmWriter().u32(types.size());
        for (FuncType t : types) {
            s.u8(0x60).u32(t.params().length).bytes(t.params()).u32(t.results().length).bytes(t.results());
        }
        out.u8(1).sized(s);
        s = new WasmWriter().u32(funcTypes.size());
        funcTypes.forEach(s::u32);
        out.u8(3).sized(s);
        out.u8(5).sized(new WasmWriter().u32(1).u8(0).u32(1));
        s = new WasmWriter().u32(names.size() + 1).name("memory").u8(2).u32(0);
        for (int i = 0; i < names.size(); i++) {
            s.name(names.get(i)).u8(0).u32(i);
        }
        out.u8(7).sized(s);
        s = new WasmWriter().u32(bodies.size());
        for (byte[] b : bodies) {
            s.u32(b.length).bytes(b);
        }
        out.u8(10).sized(s);
        return out.toByteArray();
    }
}
