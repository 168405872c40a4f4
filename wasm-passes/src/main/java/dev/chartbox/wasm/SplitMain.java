package dev.chartbox.wasm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line: {@code SplitMain IN OUT [--report FILE] [--split-above N] [--target N] [--piece N]}.
 * Writes OUT atomically (a temporary file, then a move), so an interrupted build leaves no half file.
 */
public final class SplitMain {
    private SplitMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SplitMain IN.wasm OUT.wasm [--report FILE] [--split-above N] [--target N] [--piece N]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path report = null;
        SplitPass.Options d = SplitPass.Options.defaults();
        int splitAbove = d.splitAbove(), target = d.target(), piece = d.pieceTarget();
        for (int i = 2; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--report" -> report = Path.of(v);
                case "--split-above" -> splitAbove = Integer.parseInt(v);
                case "--target" -> target = Integer.parseInt(v);
                case "--piece" -> piece = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        WasmBinary module = WasmBinary.parse(Files.readAllBytes(in));
        List<SplitPass.Split> splits = SplitPass.run(module, new SplitPass.Options(splitAbove, target, piece, d.minPiece()));
        byte[] bytes = module.encode();
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        String summary = String.format("split %d functions into %d pieces in %d ms (heap used %d MB)",
                splits.size(), splits.stream().mapToInt(SplitPass.Split::pieces).sum(), ms,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
        System.err.println("chartbox wasm-passes: " + summary);
        if (report != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report))) {
                w.println("# " + summary);
                w.println("# function\tname\twasm_bytes_before\twasm_bytes_after\tjvm_estimate_before\tjvm_estimate_after\tpieces\tlargest_piece_estimate");
                for (SplitPass.Split s : splits) {
                    w.printf("%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d%n", s.function(), s.name(), s.wasmBytesBefore(),
                            s.wasmBytesAfter(), s.estimateBefore(), s.estimateAfter(), s.pieces(), s.largestPieceEstimate());
                }
            }
        }
    }
}
