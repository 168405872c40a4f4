package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Arrays;

/** Runs an export of the original and the split module on Chicory and compares what happens. */
final class Differential {
    private Differential() {}

    /** The observable outcome of one call: results, or a trap, or an uncaught Wasm exception. */
    static String outcome(Instance instance, String export, long... args) {
        try {
            long[] r = instance.export(export).apply(args);
            return "returned " + Arrays.toString(r) + " global " + instance.global(0).getValue()
                    + " mem " + instance.memory().readInt(0) + "," + instance.memory().readInt(4);
        } catch (WasmException e) {
            // the test modules' tags carry one i32, which an engine may keep in its long slot with other high bits
            return "threw tag " + e.tagIdx() + " " + Arrays.toString(Arrays.stream(e.args()).mapToInt(v -> (int) v).toArray());
        } catch (RuntimeException e) {
            return "trapped " + rootMessage(e);
        } catch (StackOverflowError e) {
            return "stack overflow";
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        // the interpreter and the compiler word traps differently; compare the kind
        if (m.contains("divide by zero") || m.contains("/ by zero")) {
            return "integer divide by zero";
        }
        if (m.contains("out of bounds")) {
            return "out of bounds memory access";
        }
        if (m.contains("unreachable")) {
            return "unreachable";
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    /** Chicory's validation: null when valid, else the message. */
    static String validate(byte[] wasm) {
        try {
            Parser.parse(wasm);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    static Instance interpreted(byte[] wasm) {
        return Instance.builder(Parser.parse(wasm)).build();
    }

    static Instance compiled(byte[] wasm) {
        WasmModule m = Parser.parse(wasm);
        return Instance.builder(m)
                .withMachineFactory(MachineFactoryCompiler.builder(m).withInterpreterFallback(InterpreterFallback.FAIL).compile())
                .build();
    }

    /** Asserts original and split agree on every input, on the interpreter and on the compiler. */
    static void assertSameBehaviour(byte[] original, byte[] split, String export, long[]... inputs) {
        assertThat(validate(original)).as("the original module validates").isNull();
        assertThat(validate(split)).as("the split module validates").isNull();
        for (long[] in : inputs) {
            String expected = outcome(interpreted(original), export, in);
            assertThat(outcome(interpreted(split), export, in)).as("interpreted split, input %s", Arrays.toString(in))
                    .isEqualTo(expected);
            assertThat(outcome(compiled(split), export, in)).as("compiled split, input %s", Arrays.toString(in))
                    .isEqualTo(expected);
        }
    }

    /**
     * Splits every function into small pieces, the last-resort round included ({@code nestAbove} 0;
     * {@code -Dchartbox.nestAbove=N} leaves that round to functions still above N, as the guest's build does).
     */
    static byte[] split(byte[] original, int pieceTarget) {
        WasmBinary m = WasmBinary.parse(original);
        int nestAbove = Integer.getInteger("chartbox.nestAbove", 0);
        var splits = SplitPass.run(m, new SplitPass.Options(0, pieceTarget, pieceTarget, 1, 0, pieceTarget, nestAbove));
        assertThat(splits.stream().mapToInt(SplitPass.Split::pieces).sum()).as("pieces made").isPositive();
        return m.encode();
    }
}
