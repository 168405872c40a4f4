package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import java.io.ByteArrayOutputStream;
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
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
        var functions = new ByteArrayOutputStream();
        functions.write(bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            functions.write(0);
        }
        section(out, 3, functions.toByteArray());
        var code = new ByteArrayOutputStream();
        code.write(bodies.length);
        for (byte[] body : bodies) {
            code.write(body.length);
            code.writeBytes(body);
        }
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.write(content.length);
        out.writeBytes(content);
    }
}
