package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * The function-splitting pass over a whole module: every function whose predicted JVM method is
 * larger than {@code splitAbove} bytes is split into pieces of about {@code pieceTarget} bytes.
 */
public final class SplitPass {

    /** Bump when the pass's output for the same input changes: cached split modules carry it. */
    public static final String VERSION = "5";

    /**
     * Tuning of the pass; sizes are predicted JVM bytecode bytes (see {@link SizeEstimate}). A function
     * that flat splitting (every piece called from the function itself) leaves above {@code switchAbove}
     * has its biggest switch cut into groups of cases of about {@code switchGroup} bytes, each group a
     * piece; one still above {@code nestAbove} is split further with pieces inside pieces.
     */
    public record Options(int splitAbove, int target, int pieceTarget, int minPiece, int switchAbove, int switchGroup,
            int nestAbove, int keepBudget, DispatchProfile profile) {

        public Options(int splitAbove, int target, int pieceTarget, int minPiece, int switchAbove, int switchGroup,
                int nestAbove) {
            this(splitAbove, target, pieceTarget, minPiece, switchAbove, switchGroup, nestAbove, 0, null);
        }

        /** These options, keeping the switch cases {@code profile} finds most frequent, up to {@code keepBudget} bytes. */
        public Options withProfile(DispatchProfile profile, int keepBudget) {
            return new Options(splitAbove, target, pieceTarget, minPiece, switchAbove, switchGroup, nestAbove, keepBudget,
                    profile);
        }

        /**
         * Split what Chicory cannot compile (with a margin), aiming every part below HotSpot's 8,000
         * bytes; cut a switch whose function stays well above that (CPython's eval loop: C1 gives up on
         * it whole); nest only where the function would otherwise come close to the JVM's 64 KB limit.
         */
        public static Options defaults() {
            return new Options(30_000, 7_000, 7_000, 120, 12_000, 4_000, 50_000);
        }
    }

    /** One split function, for the report. */
    public record Split(int function, String name, int wasmBytesBefore, int wasmBytesAfter, int estimateBefore,
            int estimateAfter, int pieces, int largestPieceEstimate, List<Integer> pieceIndices) {}

    private SplitPass() {}

    public static List<Split> run(WasmBinary module, Options options) {
        SizeEstimate estimate = new SizeEstimate(module);
        List<Split> splits = new ArrayList<>();
        int defined = module.functionCount();
        for (int f = module.importedFunctions; f < defined; f++) {
            byte[] body = module.body(f);
            if (body.length * 11L / 10 < options.splitAbove / 2) {
                continue; // cheap filter before decoding
            }
            FunctionCode code = CodeCodec.decode(body);
            int est = estimate.function(module.typeOfFunction(f), code.instrs);
            if (est <= options.splitAbove) {
                continue;
            }
            String name = module.nameOf(f);
            FunctionSplitter splitter = new FunctionSplitter(module, f, name, 0);
            if (options.profile != null && options.profile.function().equals(name)) {
                splitter.keepHotCases(options.profile, options.keepBudget);
            }
            FunctionSplitter.Result r = splitter.split(options.target, options.pieceTarget, options.minPiece, options.switchAbove,
                    options.switchGroup, options.nestAbove);
            int largest = 0;
            for (int p : r.pieceIndices()) {
                FunctionCode pc = CodeCodec.decode(module.body(p));
                largest = Math.max(largest, estimate.function(module.typeOfFunction(p), pc.instrs));
            }
            splits.add(new Split(f, name, body.length, module.body(f).length, r.estimateBefore(), r.estimateAfter(),
                    r.pieces(), largest, r.pieceIndices()));
        }
        return splits;
    }
}
