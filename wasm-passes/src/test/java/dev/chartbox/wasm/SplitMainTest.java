package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitMainTest {
    @TempDir
    Path dir;

    private Path input() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < 400; k++) {
            body.append("local.get 0\ni32.const ").append(k).append("\ni32.add\nlocal.set 0\n");
        }
        body.append("local.get 0");
        TestModule m = new TestModule();
        m.function("big", TestModule.type("i", "i"), Asm.function("", body.toString()));
        Path in = dir.resolve("in.wasm");
        Files.write(in, m.build());
        return in;
    }

    private static void run(Path in, Path out, Path props) throws Exception {
        SplitMain.main(new String[] {in.toString(), out.toString(), "--properties", props.toString(),
            "--split-above", "1000", "--target", "600", "--piece", "600",
            "--report", out.resolveSibling("report/split.tsv").toString()});
    }

    @Test
    void theSplitModuleIsCachedBesideItsChecksumAndRemadeWhenItNoLongerMatches() throws Exception {
        Path in = input();
        Path out = dir.resolve("out.wasm");
        Path props = dir.resolve("guest.properties");
        run(in, out, props);
        byte[] first = Files.readAllBytes(out);
        assertThat(WasmBinary.parse(first).functionCount()).isGreaterThan(1);
        assertThat(Files.readString(dir.resolve("report/split.tsv"))).contains("big");
        assertThat(Files.readString(props)).contains("python-split.wasm.sha256=" + SplitMain.sha256(first));

        FileTime stamp = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(out, stamp);
        run(in, out, props);
        assertThat(Files.getLastModifiedTime(out)).as("an intact cached output is kept").isEqualTo(stamp);

        Files.write(out, new byte[] {0, 'a', 's', 'm'});
        run(in, out, props);
        assertThat(Files.readAllBytes(out)).as("a damaged output is made again").isEqualTo(first);
    }

    @Test
    void withLowerSimdTheOutputHasNoSimdAndIsCachedApartFromThePlainSplit() throws Exception {
        SimdTestModule m = new SimdTestModule();
        m.function("simd", new FuncType(new byte[] {Code.I32}, new byte[0]), List.of(Code.V128, Code.V128, Code.V128, Code.V128, Code.I32, Code.I64),
                new RandomSimdProgramTest.Gen(new Random(7)).function());
        Path in = dir.resolve("simd.wasm");
        Files.write(in, m.build());
        assertThat(SimdCensus.of(WasmBinary.parse(Files.readAllBytes(in))).instructions()).isPositive();
        Path out = dir.resolve("lowered.wasm");
        Path props = dir.resolve("lowered.properties");

        SplitMain.main(new String[] {in.toString(), out.toString(), "--lower-simd", "--properties", props.toString()});

        assertThat(SimdCensus.of(WasmBinary.parse(Files.readAllBytes(out))).instructions()).isZero();
        assertThat(Files.readString(props)).contains("python-split.pass=simd-lowering " + SimdLowering.VERSION);
        SplitMain.main(new String[] {in.toString(), out.toString(), "--properties", props.toString()});
        assertThat(SimdCensus.of(WasmBinary.parse(Files.readAllBytes(out))).instructions())
                .as("the same output path without --lower-simd is a different pass: made again, with SIMD")
                .isPositive();
    }

    @Test
    void aChangedDispatchProfileMakesTheSplitAgain() throws Exception {
        Path in = input();
        Path out = dir.resolve("out.wasm");
        Path props = dir.resolve("guest.properties");
        Path profile = dir.resolve("profile.tsv");
        Files.writeString(profile, "function big\n3\t0.9\n");
        String[] args = {in.toString(), out.toString(), "--properties", props.toString(), "--split-above", "1000",
            "--target", "600", "--piece", "600", "--profile", profile.toString(), "--keep", "100"};
        SplitMain.main(args);
        FileTime stamp = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(out, stamp);

        SplitMain.main(args);
        assertThat(Files.getLastModifiedTime(out)).as("the same profile: the cached output is kept").isEqualTo(stamp);
        Files.writeString(profile, "function big\n4\t0.9\n");
        SplitMain.main(args);
        assertThat(Files.getLastModifiedTime(out)).as("another profile: made again").isNotEqualTo(stamp);
        assertThat(Files.readString(props)).contains("profile sha256 " + SplitMain.sha256(Files.readAllBytes(profile)));
    }

    @Test
    void aCallProfileGuardsItsFrequentSlotsAndAChangedOneMakesTheSplitAgain() throws Exception {
        Path in = dir.resolve("table.wasm");
        Files.write(in, IndirectCallGuardsTest.module(false).build());
        Path out = dir.resolve("guarded.wasm");
        Path props = dir.resolve("guarded.properties");
        Path profile = dir.resolve("calls.tsv");
        Files.writeString(profile, "# function\tsite\tslot\tshare\n5\t0\t1\t0.5\n");
        String[] args = {in.toString(), out.toString(), "--properties", props.toString(), "--call-profile", profile.toString()};
        SplitMain.main(args);
        assertThat(IndirectCallGuardsTest.directCalls(Files.readAllBytes(out), 5)).containsExactly(1);
        FileTime stamp = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(out, stamp);

        SplitMain.main(args);
        assertThat(Files.getLastModifiedTime(out)).as("the same profile: the cached output is kept").isEqualTo(stamp);
        Files.writeString(profile, "5\t0\t0\t0.5\n");
        SplitMain.main(args);
        assertThat(IndirectCallGuardsTest.directCalls(Files.readAllBytes(out), 5)).as("another profile: made again").containsExactly(0);
    }
}
