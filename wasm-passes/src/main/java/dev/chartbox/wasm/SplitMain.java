package dev.chartbox.wasm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Command line for the build:
 * {@code SplitMain IN OUT [--lower-simd] [--report FILE] [--properties FILE] [--split-above N] [--target N] [--piece N]
 * [--profile FILE --keep N] [--call-profile FILE]}.
 *
 * <p>{@code --lower-simd} first rewrites every SIMD instruction into scalar code ({@link SimdLowering}),
 * so that a guest built with {@code simd128} compiles on an engine without SIMD; the split then sees
 * the lowered functions. {@code --call-profile} then turns the indirect calls the profile finds
 * frequent into guarded direct calls ({@link IndirectCallGuards}); {@code --profile} keeps a switch's
 * frequent cases in its function ({@link DispatchProfile}).
 *
 * <p>OUT is cached: beside it, {@code OUT.sha256} records the input's and the output's sha256 and
 * the passes' versions and profiles; when all three still match, the split is skipped. OUT is written atomically
 * (a temporary file, then a move), so an interrupted build never leaves a half file behind.
 * {@code --properties} appends the split module's name and sha256 to a properties file
 * (the guest's guest.properties).
 */
public final class SplitMain {
    private SplitMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SplitMain IN.wasm OUT.wasm [--lower-simd] [--report FILE] [--properties FILE] "
                    + "[--split-above N] [--target N] [--piece N] [--profile FILE --keep N] [--call-profile FILE]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path report = null;
        Path properties = null;
        SplitPass.Options d = SplitPass.Options.defaults();
        int splitAbove = d.splitAbove(), target = d.target(), piece = d.pieceTarget();
        boolean lowerSimd = false;
        Path profile = null;
        Path callProfile = null;
        int keep = 0;
        for (int i = 2; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--lower-simd")) {
                lowerSimd = true;
                continue;
            }
            if (++i == args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String v = args[i];
            switch (option) {
                case "--report" -> report = Path.of(v);
                case "--properties" -> properties = Path.of(v);
                case "--split-above" -> splitAbove = Integer.parseInt(v);
                case "--target" -> target = Integer.parseInt(v);
                case "--piece" -> piece = Integer.parseInt(v);
                case "--profile" -> profile = Path.of(v);
                case "--keep" -> keep = Integer.parseInt(v);
                case "--call-profile" -> callProfile = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        SplitPass.Options sizes = new SplitPass.Options(splitAbove, target, piece, d.minPiece(), d.switchAbove(), d.switchGroup(),
                d.nestAbove());
        SplitPass.Options options = sizes;
        String profileId = "";
        if (profile != null) {
            options = sizes.withProfile(DispatchProfile.read(profile), keep);
            profileId = ", profile sha256 " + sha256(Files.readAllBytes(profile)) + " keep " + keep;
        }
        CallProfile calls = null;
        if (callProfile != null) {
            calls = CallProfile.read(callProfile);
            profileId += ", call guards " + IndirectCallGuards.VERSION + " " + IndirectCallGuards.Options.defaults()
                    + " profile sha256 " + sha256(Files.readAllBytes(callProfile));
        }
        byte[] input = Files.readAllBytes(in);
        String inputSha = sha256(input);
        String passId = (lowerSimd ? "simd-lowering " + SimdLowering.VERSION + ", " : "") + SplitPass.VERSION + " " + sizes
                + profileId;
        Path sidecar = out.resolveSibling(out.getFileName() + ".sha256");
        String outputSha = cachedOutput(out, sidecar, inputSha, passId);
        if (outputSha != null) {
            System.err.println("chartbox wasm-passes: " + out + " is up to date (sha256 " + outputSha + ")");
        } else {
            outputSha = split(input, out, report, options, lowerSimd, calls);
            Properties p = new Properties();
            p.setProperty("input.sha256", inputSha);
            p.setProperty("output.sha256", outputSha);
            p.setProperty("pass", passId);
            Path tmp = Files.createTempFile(sidecar.toAbsolutePath().getParent(), sidecar.getFileName().toString(), ".tmp");
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "chartbox wasm-passes split cache");
            }
            Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (properties != null) {
            Files.createDirectories(properties.toAbsolutePath().getParent());
            String lines = "python-split.wasm.name=" + out.getFileName() + "\n"
                    + "python-split.wasm.sha256=" + outputSha + "\n"
                    + "python-split.pass=" + passId + "\n";
            Files.writeString(properties, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The output's sha256 when OUT exists, is intact, and was made from this input by this pass. */
    private static String cachedOutput(Path out, Path sidecar, String inputSha, String passId) throws IOException {
        if (!Files.exists(out) || !Files.exists(sidecar)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String expected = p.getProperty("output.sha256");
        if (!inputSha.equals(p.getProperty("input.sha256")) || !passId.equals(p.getProperty("pass"))
                || expected == null || !expected.equals(sha256(Files.readAllBytes(out)))) {
            return null;
        }
        return expected;
    }

    private static String split(byte[] input, Path out, Path report, SplitPass.Options options, boolean lowerSimd,
            CallProfile calls) throws IOException {
        long t0 = System.nanoTime();
        WasmBinary module = WasmBinary.parse(input);
        if (lowerSimd) {
            SimdLowering.Result lowered = SimdLowering.run(module);
            System.err.printf("chartbox wasm-passes: lowered %d SIMD instructions in %d functions (%d helpers) in %d ms%n",
                    lowered.simdInstructions(), lowered.functionsLowered(), lowered.helpers(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        if (calls != null) {
            long t1 = System.nanoTime();
            IndirectCallGuards.Result guarded = IndirectCallGuards.run(module, calls, IndirectCallGuards.Options.defaults());
            System.err.printf("chartbox wasm-passes: %d guarded direct calls at %d call_indirect sites%s in %d ms%n",
                    guarded.guards(), guarded.sites(), guarded.skipped() == null ? "" : " (" + guarded.skipped() + ")",
                    (System.nanoTime() - t1) / 1_000_000);
        }
        List<SplitPass.Split> splits = SplitPass.run(module, options);
        byte[] bytes = module.encode();
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        String summary = String.format("split %d functions into %d pieces in %d ms (heap in use %d MB)",
                splits.size(), splits.stream().mapToInt(SplitPass.Split::pieces).sum(), ms,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
        System.err.println("chartbox wasm-passes: " + summary + " -> " + out);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report))) {
                w.println("# " + summary);
                w.println("# function\tname\twasm_bytes_before\twasm_bytes_after\tjvm_estimate_before"
                        + "\tjvm_estimate_after\tpieces\tlargest_piece_estimate");
                for (SplitPass.Split s : splits) {
                    w.printf("%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d%n", s.function(), s.name(), s.wasmBytesBefore(),
                            s.wasmBytesAfter(), s.estimateBefore(), s.estimateAfter(), s.pieces(),
                            s.largestPieceEstimate());
                }
            }
        }
        return sha256(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
