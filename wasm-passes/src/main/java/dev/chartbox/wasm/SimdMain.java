package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CLI: {@code SimdMain in.wasm out.wasm} lowers every SIMD instruction of a module to scalar code. */
public final class SimdMain {
    private SimdMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SimdMain in.wasm out.wasm");
            System.exit(2);
        }
        long start = System.nanoTime();
        WasmBinary module = WasmBinary.parse(Files.readAllBytes(Path.of(args[0])));
        SimdCensus before = SimdCensus.of(module);
        SimdLowering.Result r = SimdLowering.run(module);
        byte[] out = module.encode();
        Files.write(Path.of(args[1]), out);
        System.out.printf("simd-lowering %s: %d SIMD instructions (%d distinct) in %d functions lowered, %d helpers, "
                        + "%d types rewritten; %d -> %d bytes in %.1f s%n",
                SimdLowering.VERSION, r.simdInstructions(), before.opcodes().size(), r.functionsLowered(), r.helpers(),
                r.typesRewritten(), Files.size(Path.of(args[0])), out.length, (System.nanoTime() - start) / 1e9);
    }
}
