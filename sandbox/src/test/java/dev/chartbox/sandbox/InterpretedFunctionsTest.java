package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import org.junit.jupiter.api.Test;

class InterpretedFunctionsTest {

    @Test
    void aFunctionWhoseBodyTheCompilerLeftIsReportedAndAStrippedOneIsNot() {
        byte[] stripped = {0x00, 0x00, 0x0b}; // no locals, unreachable, end: what Chicory leaves of a compiled body
        byte[] kept = new byte[24]; // no locals, 22 nops, end: a body the compiler left to the interpreter
        java.util.Arrays.fill(kept, (byte) 0x01);
        kept[0] = 0x00;
        kept[kept.length - 1] = 0x0b;
        byte[] wasm = module(stripped, kept);

        var interpreted = InterpretedFunctions.of(wasm, Parser.parse(wasm));

        assertThat(interpreted).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.wasmBytes()).isEqualTo(kept.length);
        });
    }

    @Test
    void theShippedGuestHasNone() {
        assertThat(TestSandbox.shared().guest().interpretedFunctions()).isEmpty();
    }

    /** A module of functions of type () -> () with the given bodies. */
    private static byte[] module(byte[]... bodies) {
        byte[] functions = new byte[1 + bodies.length]; // each of type 0
        functions[0] = (byte) bodies.length;
        return new HandWrittenWasm().section(1, new byte[] {0x01, 0x60, 0x00, 0x00}).section(3, functions).code(bodies).bytes();
    }
}
