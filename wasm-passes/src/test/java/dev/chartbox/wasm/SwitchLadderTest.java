package dev.chartbox.wasm;

import static dev.chartbox.wasm.Differential.assertSameBehaviour;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchLadderTest {
    private static final int CASES = 12;

    /**
     * An interpreter's loop around a switch of {@link #CASES} cases plus the exit case: each case updates
     * the state, then falls through, continues the loop, or branches five cases on (case 7 and case 11
     * are reached that way only: no selector value dispatches to them); selectors past the table leave.
     */
    private static String interpreter() {
        StringBuilder b = new StringBuilder("""
                i32.const 40
                local.set 2
                block
                loop
                local.get 2
                i32.const 1
                i32.sub
                local.tee 2
                i32.eqz
                br_if 1
                """);
        b.append("block\n".repeat(CASES + 1));
        b.append("local.get 0\nlocal.get 1\ni32.add\ni32.const 16\ni32.rem_u\nbr_table");
        for (int v = 0; v < 14; v++) {
            int c = v * 5 % CASES;
            b.append(' ').append(c == 7 || c == 11 ? 8 : c);
        }
        b.append(' ').append(CASES).append('\n');
        for (int k = 0; k < CASES; k++) {
            b.append("end\n");
            b.append("local.get 1\ni32.const ").append(k * 3 + 1).append("\ni32.mul\ni32.const ").append(k)
                    .append("\ni32.add\nlocal.set 1\nlocal.get 0\ni32.const ").append(k + 1)
                    .append("\ni32.add\nlocal.set 0\n");
            int toLoop = CASES - k;
            switch (k % 4) {
                case 1 -> b.append("br ").append(toLoop).append('\n');
                case 2 -> b.append(k + 5 <= CASES ? "br 4\n" : "br " + toLoop + "\n");
                case 3 -> b.append("local.get 1\ni32.const 1\ni32.and\nbr_if ").append(toLoop).append('\n');
                default -> {} // falls through to case k + 1
            }
        }
        b.append("end\n"); // case N: leave the loop
        b.append("br 1\nend\nend\nlocal.get 1\nlocal.get 0\ni32.xor\n");
        return b.toString();
    }

    @Test
    void aSwitchBecomesGroupsOfCasesEachAPieceAndEveryCaseIsStillReached() {
        byte[] original = interpreterModule();
        WasmBinary module = WasmBinary.parse(original);
        int pieces = cutTheSwitchOnly(module, 60).pieces();
        assertThat(pieces).as("groups").isGreaterThanOrEqualTo(3);
        assertThat(calls(CodeCodec.decode(module.body(0)).instrs)).as("one call per group in the function")
                .isEqualTo(pieces);
        long[][] inputs = new long[40][];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = new long[] {k, k * 7 - 11};
        }
        assertSameBehaviour(original, module.encode(), "f", inputs);
    }

    @Test
    void theCasesAProfileFindsMostFrequentStayInTheFunctionWhileTheBudgetLasts() {
        byte[] original = interpreterModule();
        WasmBinary module = WasmBinary.parse(original);
        // selector value v reaches case v * 5 % 12: values 1, 3 and 9 reach cases 5, 3 and 9
        double[] share = new double[16];
        share[1] = 0.5;
        share[3] = 0.3;
        share[9] = 0.2;
        SplitPass.Options options = cutTheSwitchOnlyOptions(60)
                .withProfile(new DispatchProfile("f", share), caseSize(5) + caseSize(3));
        int pieces = SplitPass.run(module, options).get(0).pieces();

        List<Instr> function = CodeCodec.decode(module.body(0)).instrs;
        assertThat(multipliers(function)).as("the code of cases 5 and 3 (k * 3 + 1), not case 9's, nor any other")
                .containsExactlyInAnyOrder(16L, 10L);
        assertThat(calls(function)).as("one call per group of the other cases").isEqualTo(pieces);
        long[][] inputs = new long[40][];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = new long[] {k, k * 7 - 11};
        }
        assertSameBehaviour(original, module.encode(), "f", inputs);
    }

    @Test
    void aSwitchTooSmallForTwoGroupsIsLeftAsItIs() {
        byte[] original = interpreterModule();
        WasmBinary module = WasmBinary.parse(original);
        assertThat(cutTheSwitchOnly(module, 1_000_000).pieces()).isZero();
        assertThat(module.encode()).isEqualTo(original);
    }

    private static byte[] interpreterModule() {
        TestModule m = new TestModule();
        m.function("f", TestModule.type("ii", "i"), Asm.function("i", interpreter()));
        return m.build();
    }

    /** Splits with flat splitting off (its target unreachable): only the switch cut, groups of about {@code group} bytes. */
    private static SplitPass.Split cutTheSwitchOnly(WasmBinary module, int group) {
        return SplitPass.run(module, cutTheSwitchOnlyOptions(group)).get(0);
    }

    private static SplitPass.Options cutTheSwitchOnlyOptions(int group) {
        return new SplitPass.Options(0, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 0, group, Integer.MAX_VALUE);
    }

    private static int caseSize(int k) {
        WasmBinary m = WasmBinary.parse(interpreterModule());
        SizeEstimate estimate = new SizeEstimate(m);
        return SwitchLadder.biggest(CodeCodec.decode(m.body(0)).instrs, estimate).caseSize(k, estimate);
    }

    /** The constants that multiply, each case's own {@code i32.const k * 3 + 1; i32.mul}, wherever they are in {@code seq}. */
    private static List<Long> multipliers(List<Instr> seq) {
        List<Long> out = new ArrayList<>();
        List<List<Instr>> todo = new ArrayList<>(List.of(seq));
        while (!todo.isEmpty()) {
            List<Instr> s = todo.remove(todo.size() - 1);
            for (int i = 0; i < s.size(); i++) {
                Instr in = s.get(i);
                if (in.op == Op.I32_CONST && i + 1 < s.size() && s.get(i + 1).op == 0x6C) {
                    out.add(in.a);
                }
                if (in.body != null) {
                    todo.add(in.body);
                }
                if (in.elseBody != null) {
                    todo.add(in.elseBody);
                }
            }
        }
        return out;
    }

    private static int calls(List<Instr> seq) {
        int n = 0;
        List<List<Instr>> todo = new ArrayList<>(List.of(seq));
        while (!todo.isEmpty()) {
            for (Instr in : todo.remove(todo.size() - 1)) {
                n += in.op == Op.CALL ? 1 : 0;
                if (in.body != null) {
                    todo.add(in.body);
                }
                if (in.elseBody != null) {
                    todo.add(in.elseBody);
                }
            }
        }
        return n;
    }
}
