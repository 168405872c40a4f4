package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A module held at the binary level: every section's bytes as read, plus what passes need parsed
 * (types, function types, tags, code bodies, function names). {@link #encode()} writes every section
 * byte for byte except types, functions, code and the name section's function names, which it
 * rebuilds; new types and functions are only ever appended, so no existing index changes.
 */
public final class WasmBinary {
    private static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6, EXPORT = 7, ELEMENT = 9, TAG = 13, CODE = 10;

    private record Section(int id, byte[] content, String customName) {}

    private final List<Section> sections = new ArrayList<>();
    public final List<FuncType> types = new ArrayList<>();
    /** Type index of every function, imports first. */
    public final List<Integer> funcTypes = new ArrayList<>();
    public int importedFunctions;
    private int importedTables, importedMemories;
    /** Type index of every tag, imports first. */
    public final List<Integer> tagTypes = new ArrayList<>();
    /** Value type of every global, imports first. */
    public final List<Byte> globalTypes = new ArrayList<>();
    /** Raw bodies of defined functions (index = function index - importedFunctions). */
    public final List<byte[]> bodies = new ArrayList<>();
    /** Function names from the name section, by function index. */
    public final Map<Integer, String> functionNames = new TreeMap<>();

    public static WasmBinary parse(byte[] wasm) {
        WasmBinary m = new WasmBinary();
        WasmReader r = new WasmReader(wasm);
        if (r.fixed(4) != 0x6d736100L || r.fixed(4) != 1) {
            throw new WasmFormatException("not a Wasm 1.0 binary module");
        }
        while (r.hasMore()) {
            int id = r.u8();
            int size = r.u32int();
            int start = r.position();
            byte[] content = r.bytes(size);
            String custom = null;
            if (id == 0) {
                custom = new WasmReader(content).name();
            }
            m.sections.add(new Section(id, content, custom));
            switch (id) {
                case TYPE -> m.readTypes(new WasmReader(content));
                case IMPORT -> m.readImports(new WasmReader(content));
                case FUNCTION -> {
                    WasmReader fr = new WasmReader(content);
                    long n = fr.u32();
                    for (long i = 0; i < n; i++) {
                        m.funcTypes.add(fr.u32int());
                    }
                }
                case GLOBAL -> {
                    WasmReader gr = new WasmReader(content);
                    long n = gr.u32();
                    for (long i = 0; i < n; i++) {
                        m.globalTypes.add((byte) gr.u8());
                        gr.u8();
                        CodeCodec.readExpr(gr);
                    }
                }
                case TAG -> {
                    WasmReader tr = new WasmReader(content);
                    long n = tr.u32();
                    for (long i = 0; i < n; i++) {
                        tr.u8();
                        m.tagTypes.add(tr.u32int());
                    }
                }
                case CODE -> {
                    WasmReader cr = new WasmReader(content);
                    long n = cr.u32();
                    for (long i = 0; i < n; i++) {
                        m.bodies.add(cr.bytes(cr.u32int()));
                    }
                }
                case 0 -> {
                    if ("name".equals(custom)) {
                        m.readNames(content);
                    }
                }
                default -> {}
            }
            assert r.position() == start + size;
        }
        return m;
    }

    private void readTypes(WasmReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            int form = r.u8();
            if (form != 0x60) {
                throw new WasmFormatException("only plain function types are supported (form 0x" + Integer.toHexString(form) + ")");
            }
            byte[] params = r.bytes(r.u32int());
            byte[] results = r.bytes(r.u32int());
            types.add(new FuncType(params, results));
        }
    }

    private void readImports(WasmReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            r.name();
            r.name();
            int kind = r.u8();
            switch (kind) {
                case 0 -> {
                    funcTypes.add(r.u32int());
                    importedFunctions++;
                }
                case 1 -> {
                    r.u8();
                    limits(r);
                    importedTables++;
                }
                case 2 -> {
                    limits(r);
                    importedMemories++;
                }
                case 3 -> {
                    globalTypes.add((byte) r.u8());
                    r.u8();
                }
                case 4 -> {
                    r.u8();
                    tagTypes.add(r.u32int());
                }
                default -> throw new WasmFormatException("unknown import kind " + kind);
            }
        }
    }

    private static void limits(WasmReader r) {
        int flags = r.u8();
        r.u32();
        if ((flags & 1) != 0) {
            r.u32();
        }
    }

    private void readNames(byte[] content) {
        WasmReader r = new WasmReader(content);
        r.name();
        while (r.hasMore()) {
            int sub = r.u8();
            byte[] data = r.bytes(r.u32int());
            if (sub == 1) {
                WasmReader nr = new WasmReader(data);
                long n = nr.u32();
                for (long i = 0; i < n; i++) {
                    int idx = nr.u32int();
                    functionNames.put(idx, nr.name());
                }
            }
        }
    }

    public FuncType typeOfFunction(int funcIndex) {
        return types.get(funcTypes.get(funcIndex));
    }

    public int functionCount() {
        return funcTypes.size();
    }

    public String nameOf(int funcIndex) {
        return functionNames.getOrDefault(funcIndex, "#func" + funcIndex);
    }

    /** The index of {@code type}, appending it when no equal type exists yet. */
    public int typeIndex(FuncType type) {
        int i = types.indexOf(type);
        if (i >= 0) {
            return i;
        }
        types.add(type);
        return types.size() - 1;
    }

    /** Appends a defined function; returns its index. */
    public int addFunction(FuncType type, byte[] body, String name) {
        funcTypes.add(typeIndex(type));
        bodies.add(body);
        int index = funcTypes.size() - 1;
        if (name != null) {
            functionNames.put(index, name);
        }
        return index;
    }

    /**
     * Appends a memory of {@code minPages} 64 KiB pages, exported as {@code name}; returns its index.
     * For profiling builds, which count into a memory of their own (multi-memory) so the program's
     * memory stays as it was.
     */
    public int addExportedMemory(String name, long minPages) {
        int memories = countOf(MEMORY);
        int index = importedMemories + memories;
        replaceVector(MEMORY, memories, new WasmWriter().u8(0).u32(minPages).toByteArray());
        replaceVector(EXPORT, countOf(EXPORT), new WasmWriter().name(name).u8(2).u32(index).toByteArray());
        return index;
    }

    private int countOf(int id) {
        for (Section s : sections) {
            if (s.id == id) {
                return new WasmReader(s.content).u32int();
            }
        }
        return 0;
    }

    /** Appends {@code entry} to section {@code id}'s vector of {@code count} entries; the section must exist. */
    private void replaceVector(int id, int count, byte[] entry) {
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (s.id == id) {
                WasmReader r = new WasmReader(s.content);
                r.u32();
                byte[] rest = r.bytes(s.content.length - r.position());
                sections.set(i, new Section(id, new WasmWriter().u32(count + 1).bytes(rest).bytes(entry).toByteArray(), null));
                return;
            }
        }
        throw new WasmFormatException("the module has no section " + id);
    }

    /**
     * The function in each slot of table 0 after instantiation (-1 where none), when only the module's
     * own active element segments fill it: the table is defined here, not exported, and every segment
     * that writes to it has a constant offset and function indices. Null otherwise. Whether code
     * changes the table later ({@code table.set}, {@code table.init}, ...) is the caller's to check.
     */
    public int[] initialTableFunctions() {
        if (importedTables > 0) {
            return null; // the host fills it
        }
        int[] table = null;
        for (Section s : sections) {
            WasmReader r = new WasmReader(s.content);
            switch (s.id) {
                case TABLE -> {
                    if (r.u32() == 0) {
                        return null;
                    }
                    if (r.u8() != 0x70) {
                        return null;
                    }
                    r.u8(); // limits flags
                    table = new int[r.u32int()];
                    Arrays.fill(table, -1);
                }
                case EXPORT -> {
                    for (long i = r.u32(); i > 0; i--) {
                        r.name();
                        int kind = r.u8();
                        if (r.u32() == 0 && kind == 1) {
                            return null; // the host could change it
                        }
                    }
                }
                case ELEMENT -> {
                    for (long i = r.u32(); i > 0; i--) {
                        int flags = r.u32int();
                        if (flags != 0 && flags != 2 && (flags & 1) == 0) {
                            return null; // active with element expressions: not needed so far
                        }
                        if ((flags & 1) != 0) { // passive or declarative: fills nothing now
                            if (flags > 3) {
                                return null;
                            }
                            r.u8();
                            for (long n = r.u32(); n > 0; n--) {
                                r.u32();
                            }
                            continue;
                        }
                        if (flags == 2 && r.u32() != 0) {
                            return null;
                        }
                        List<Instr> offset = CodeCodec.readExpr(r);
                        if (offset.size() != 1 || offset.get(0).op != Op.I32_CONST || table == null) {
                            return null;
                        }
                        if (flags == 2 && r.u8() != 0) {
                            return null;
                        }
                        int at = (int) offset.get(0).a;
                        for (long n = r.u32(); n > 0; n--) {
                            if (at < 0 || at >= table.length) {
                                return null; // instantiation traps
                            }
                            table[at++] = r.u32int();
                        }
                    }
                }
                default -> {}
            }
        }
        return table;
    }

    public byte[] body(int funcIndex) {
        return bodies.get(funcIndex - importedFunctions);
    }

    public void setBody(int funcIndex, byte[] body) {
        bodies.set(funcIndex - importedFunctions, body);
    }

    public byte[] encode() {
        WasmWriter out = new WasmWriter();
        out.fixed(0x6d736100L, 4).fixed(1, 4);
        for (Section s : sections) {
            byte[] content = switch (s.id) {
                case TYPE -> encodeTypes();
                case FUNCTION -> encodeFunctions();
                case CODE -> encodeCode();
                case 0 -> "name".equals(s.customName) ? encodeNames(s.content) : s.content;
                default -> s.content;
            };
            out.u8(s.id).u32(content.length).bytes(content);
        }
        return out.toByteArray();
    }

    private byte[] encodeTypes() {
        WasmWriter w = new WasmWriter().u32(types.size());
        for (FuncType t : types) {
            w.u8(0x60).u32(t.params().length).bytes(t.params()).u32(t.results().length).bytes(t.results());
        }
        return w.toByteArray();
    }

    private byte[] encodeFunctions() {
        WasmWriter w = new WasmWriter().u32(funcTypes.size() - importedFunctions);
        for (int i = importedFunctions; i < funcTypes.size(); i++) {
            w.u32(funcTypes.get(i));
        }
        return w.toByteArray();
    }

    private byte[] encodeCode() {
        WasmWriter w = new WasmWriter().u32(bodies.size());
        for (byte[] b : bodies) {
            w.u32(b.length).bytes(b);
        }
        return w.toByteArray();
    }

    private byte[] encodeNames(byte[] original) {
        WasmReader r = new WasmReader(original);
        String name = r.name();
        Map<Integer, byte[]> subs = new LinkedHashMap<>();
        while (r.hasMore()) {
            int sub = r.u8();
            subs.put(sub, r.bytes(r.u32int()));
        }
        WasmWriter fn = new WasmWriter().u32(functionNames.size());
        functionNames.forEach((idx, n) -> fn.u32(idx).name(n));
        subs.put(1, fn.toByteArray());
        WasmWriter w = new WasmWriter().name(name);
        // subsections must stay in increasing id order
        new TreeMap<>(subs).forEach((id, data) -> w.u8(id).u32(data.length).bytes(data));
        return w.toByteArray();
    }
}
