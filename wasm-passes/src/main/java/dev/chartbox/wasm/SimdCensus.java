package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a module uses of SIMD: every SIMD instruction with its count, and how many functions, types
 * and locals hold v128 values. {@code java ... SimdCensus python.wasm} prints it as a table.
 */
public record SimdCensus(Map<String, Long> opcodes, int functionsWithSimd, int typesWithV128, long v128Locals) {
    static final byte V128 = 0x7B;

    public static SimdCensus of(WasmBinary module) {
        Map<String, Long> counts = new TreeMap<>();
        int functions = 0;
        long locals = 0;
        for (byte[] body : module.bodies) {
            FunctionCode code = CodeCodec.decode(body);
            long before = total(counts);
            count(code.instrs, counts);
            for (int g = 0; g < code.localTypes.size(); g++) {
                if (code.localTypes.get(g) == V128) {
                    locals += code.localCounts.get(g);
                }
            }
            if (total(counts) > before) {
                functions++;
            }
        }
        int types = 0;
        for (FuncType t : module.types) {
            if (hasV128(t.params()) || hasV128(t.results())) {
                types++;
            }
        }
        return new SimdCensus(counts, functions, types, locals);
    }

    static boolean hasV128(byte[] valTypes) {
        for (byte b : valTypes) {
            if (b == V128) {
                return true;
            }
        }
        return false;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void count(List<Instr> seq, Map<String, Long> counts) {
        for (Instr in : seq) {
            if (SimdOp.isSimd(in.op)) {
                counts.merge(SimdOp.name(SimdOp.sub(in.op)), 1L, Long::sum);
            }
            if (in.body != null) {
                count(in.body, counts);
            }
            if (in.elseBody != null) {
                count(in.elseBody, counts);
            }
        }
    }

    public long instructions() {
        return total(opcodes);
    }

    public static void main(String[] args) throws IOException {
        SimdCensus c = of(WasmBinary.parse(Files.readAllBytes(Path.of(args[0]))));
        System.out.printf("# %d SIMD instructions, %d distinct, in %d functions; %d types and %d locals hold v128%n",
                c.instructions(), c.opcodes.size(), c.functionsWithSimd, c.typesWithV128, c.v128Locals);
        c.opcodes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("%s\t%d%n", e.getKey(), e.getValue()));
    }
}
