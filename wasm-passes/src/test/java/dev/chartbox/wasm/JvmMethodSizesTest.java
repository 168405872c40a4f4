package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.wasm.Parser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmMethodSizesTest {
    @Test
    void readsTheBytecodeLengthOfEveryCompiledFunctionAndALongerBodyGivesALongerMethod() throws Exception {
        StringBuilder longer = new StringBuilder();
        for (int k = 0; k < 50; k++) {
            longer.append("local.get 0\ni32.const ").append(k).append("\ni32.add\nlocal.set 0\n");
        }
        TestModule m = new TestModule();
        FuncType t = TestModule.type("i", "i");
        m.function("short", t, Asm.function("", "local.get 0"));
        m.function("long", t, Asm.function("", longer + "local.get 0"));
        var classes = Compiler.builder(Parser.parse(m.build())).withInterpreterFallback(InterpreterFallback.FAIL)
                .build().compile().classBytes().values();
        Map<Integer, Integer> sizes = JvmMethodSizes.ofClasses(classes);
        assertThat(sizes).containsKeys(0, 1);
        assertThat(sizes.get(1)).isGreaterThan(sizes.get(0) + 50 * 4);
    }
}
