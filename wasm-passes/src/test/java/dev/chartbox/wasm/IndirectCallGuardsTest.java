package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndirectCallGuardsTest {
    private static final FuncType UNARY = TestModule.type("i", "i");
    private static final FuncType EFFECT = TestModule.type("i", "");

    /** Table: double, negate, plus100, add (another type), store (no result). */
    static TestModule module(boolean changesTable) {
        TestModule m = new TestModule();
        m.function("double", UNARY, Asm.function("", "local.get 0", "i32.const 2", "i32.mul"));
        m.function("negate", UNARY, Asm.function("", "i32.const 0", "local.get 0", "i32.sub"));
        m.function("plus100", UNARY, Asm.function("", "local.get 0", "i32.const 100", "i32.add"));
        m.function("add", TestModule.type("ii", "i"), Asm.function("", "local.get 0", "local.get 1", "i32.add"));
        m.function("store", EFFECT, Asm.function("", "i32.const 0", "local.get 0", "i32.store"));
        int unary = m.addType(UNARY);
        int effect = m.addType(EFFECT);
        // dispatch(slot, x) = table[slot](x) + table[slot](x + 1), then table[slot](x) for its effect
        m.function("dispatch", TestModule.type("ii", "i"), Asm.function("",
                "local.get 1", "local.get 0", "call_indirect " + unary,
                "local.get 1", "i32.const 1", "i32.add", "local.get 0", "call_indirect " + unary,
                "i32.add",
                "local.get 1", "local.get 0", "call_indirect " + effect));
        m.function("replace", TestModule.type("i", ""), changesTable
                ? Asm.function("", "local.get 0", "ref.func 2", "table.set")
                : Asm.function("", "nop"));
        return m.table(0, 1, 2, 3, 4);
    }

    private static CallProfile profile() {
        int dispatch = 5;
        CallProfile p = new CallProfile();
        p.add(dispatch, 0, 0, 0.30); // double: guarded
        p.add(dispatch, 0, 1, 0.20); // negate: guarded
        p.add(dispatch, 0, 3, 0.10); // add has another type: a call would trap, so no guard
        p.add(dispatch, 0, 2, 0.01); // plus100: under a tenth of the site
        p.add(dispatch, 1, 1, 0.00001); // a cold site
        p.add(dispatch, 2, 4, 0.20); // store: guarded, no result
        return p;
    }

    static List<Integer> directCalls(byte[] wasm, int function) {
        WasmBinary m = WasmBinary.parse(wasm);
        List<Integer> calls = new ArrayList<>();
        collect(CodeCodec.decode(m.body(function)).instrs, calls);
        return calls;
    }

    private static void collect(List<Instr> list, List<Integer> calls) {
        for (Instr in : list) {
            if (in.op == Op.CALL) {
                calls.add((int) in.a);
            }
            if (in.body != null) {
                collect(in.body, calls);
            }
            if (in.elseBody != null) {
                collect(in.elseBody, calls);
            }
        }
    }

    @Test
    void aSitesFrequentSlotsOfItsTypeBecomeGuardedDirectCallsAndEverySlotStillCallsWhatItHolds() {
        byte[] original = module(false).build();
        WasmBinary m = WasmBinary.parse(original);

        IndirectCallGuards.Result result = IndirectCallGuards.run(m, profile(), IndirectCallGuards.Options.defaults());
        byte[] guarded = m.encode();

        assertThat(result.guards()).isEqualTo(3);
        assertThat(result.sites()).isEqualTo(2);
        assertThat(directCalls(guarded, 5)).containsExactly(0, 1, 4);
        long[][] inputs = new long[8][];
        for (int slot = 0; slot < inputs.length; slot++) { // 5 to 7 are past the table's end
            inputs[slot] = new long[] {slot, 7};
        }
        Differential.assertSameBehaviour(original, guarded, "dispatch", inputs);
    }

    @Test
    void aModuleWhoseCodeChangesItsTableKeepsEveryIndirectCall() {
        byte[] original = module(true).build();
        WasmBinary m = WasmBinary.parse(original);

        IndirectCallGuards.Result result = IndirectCallGuards.run(m, profile(), IndirectCallGuards.Options.defaults());

        assertThat(result.guards()).isZero();
        assertThat(result.skipped()).contains("changes the table");
        assertThat(directCalls(m.encode(), 5)).isEmpty();
    }
}
