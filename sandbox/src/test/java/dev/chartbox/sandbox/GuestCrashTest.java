package dev.chartbox.sandbox;

import static dev.chartbox.sandbox.HandWrittenWasm.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.chartbox.sandbox.SandboxResult.PythonError;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every kind of Wasm trap, raised for real by Chicory in a small module, is the program's crash
 * (a FAILED result with a message that says what happened), and only the JVM's own failures are
 * chartbox's. The guest's own crashes (out-of-bounds access from numpy, an aborting signal) are
 * in {@code attacks/}.
 */
class GuestCrashTest {

    private static final WasmModule TRAPS = Parser.parse(trapsModule());

    private static Throwable thrownBy(String export) throws InterruptedException {
        var thrown = new AtomicReference<Throwable>();
        // a small stack, so the unbounded recursion exhausts it quickly
        var thread = new Thread(null, () -> {
            try {
                Instance.builder(TRAPS).build().export(export).apply();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "trap", 1 << 20);
        thread.start();
        thread.join();
        assertThat(thrown.get()).as("%s traps", export).isNotNull();
        return thrown.get();
    }

    private static PythonError crashOf(String export) throws InterruptedException {
        return GuestCrash.describe(thrownBy(export), TRAPS).orElseThrow();
    }

    @Test
    void unreachableIsTheProgramsCrash() throws Exception {
        assertThat(crashOf("unreachable")).satisfies(e -> {
            assertThat(e.type()).isEqualTo(GuestCrash.TYPE);
            assertThat(e.message()).startsWith("the program crashed: ").containsIgnoringCase("unreachable");
        });
    }

    @Test
    void integerDivisionByZeroIsTheProgramsCrash() throws Exception {
        assertThat(crashOf("divide_by_zero").message()).startsWith("the program crashed: ").contains("divide by zero");
    }

    @Test
    void anOutOfBoundsMemoryAccessIsTheProgramsCrash() throws Exception {
        assertThat(crashOf("out_of_bounds").message()).startsWith("the program crashed: ").contains("out of bounds memory access");
    }

    @Test
    void anIndirectCallOfTheWrongTypeIsTheProgramsCrash() throws Exception {
        assertThat(crashOf("indirect_mismatch").message()).startsWith("the program crashed: ").contains("indirect call type mismatch");
    }

    @Test
    void exhaustingTheStackIsTheProgramsCrash() throws Exception {
        assertThat(crashOf("recurse_forever")).satisfies(e -> {
            assertThat(e.type()).isEqualTo("RecursionError");
            assertThat(e.message()).contains("recursed too deeply");
        });
    }

    @Test
    void theJvmRunningOutOfHeapIsChartboxsFailureNotTheProgramsCrash() {
        assertThat(GuestCrash.describe(new OutOfMemoryError("Java heap space"), TRAPS)).isEmpty();
        assertThat(GuestCrash.describe(new NoClassDefFoundError("com/dylibso/chicory/gen/Machine"), TRAPS)).isEmpty();
    }

    /**
     * A module of five exported functions, each trapping its own way:
     * {@code unreachable}, {@code divide_by_zero} (i32.div_s by 0), {@code out_of_bounds} (a load
     * at 2 GiB from a one-page memory), {@code recurse_forever} (calls itself),
     * {@code indirect_mismatch} (call_indirect of a () → () function as (i32) → i32).
     */
    private static byte[] trapsModule() {
        var exports = new ByteArrayOutputStream();
        String[] names = {"unreachable", "divide_by_zero", "out_of_bounds", "recurse_forever", "indirect_mismatch"};
        exports.write(names.length);
        for (int i = 0; i < names.length; i++) {
            exports.write(names[i].length());
            exports.writeBytes(names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            exports.write(0x00);
            exports.write(i);
        }
        return new HandWrittenWasm()
                .section(1, bytes(0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f)) // types: () → (), (i32) → i32
                .section(3, bytes(0x05, 0x00, 0x00, 0x00, 0x00, 0x00)) // five functions of type 0
                .section(4, bytes(0x01, 0x70, 0x00, 0x01)) // a funcref table of 1
                .section(5, bytes(0x01, 0x00, 0x01)) // a memory of 1 page
                .section(7, exports.toByteArray())
                .section(9, bytes(0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00)) // table[0] = function 0
                .code(bytes(0x00, 0x00, 0x0b), // unreachable
                        bytes(0x00, 0x41, 0x01, 0x41, 0x00, 0x6d, 0x1a, 0x0b), // 1 / 0
                        bytes(0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x28, 0x02, 0x00, 0x1a, 0x0b), // load at 0x7fffffff
                        bytes(0x00, 0x10, 0x03, 0x0b), // call itself
                        bytes(0x00, 0x41, 0x07, 0x41, 0x00, 0x11, 0x01, 0x00, 0x1a, 0x0b)) // call_indirect type 1 of table[0]
                .bytes();
    }
}
