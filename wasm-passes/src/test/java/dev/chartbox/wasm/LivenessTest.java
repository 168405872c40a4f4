package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static List<Instr> body(String locals, String code) {
        return Asm.function(locals, code).instrs;
    }

    private static BitSet locals(int... indices) {
        BitSet b = new BitSet();
        for (int i : indices) {
            b.set(i);
        }
        return b;
    }

    @Test
    void aLocalIsLiveUntilItsLastReadAndDeadOnceOverwritten() {
        List<Instr> code = body("iii", """
                local.get 0
                local.set 1
                i32.const 5
                local.set 0
                local.get 0
                local.get 1
                i32.add
                drop
                """);
        Liveness live = new Liveness(code);
        assertThat(live.at(code, 0)).isEqualTo(locals(0));
        assertThat(live.at(code, 2)).as("0 is overwritten before its next read").isEqualTo(locals(1));
        assertThat(live.at(code, 4)).isEqualTo(locals(0, 1));
        assertThat(live.at(code, code.size())).isEqualTo(locals());
    }

    @Test
    void aBranchCarriesWhatIsLiveWhereItLands() {
        // local 2 is read only after the block, so a br out of it keeps 2 live; the fallthrough path overwrites it
        List<Instr> code = body("iii", """
                block
                  local.get 0
                  br_if 0
                  i32.const 1
                  local.set 2
                end
                local.get 2
                drop
                """);
        Liveness live = new Liveness(code);
        List<Instr> inner = code.get(0).body;
        assertThat(live.atLabelOf(code.get(0))).isEqualTo(locals(2));
        assertThat(live.at(inner, 0)).isEqualTo(locals(0, 2));
        assertThat(live.at(inner, 2)).as("after the br_if, 2 is written before it is read").isEqualTo(locals());
    }

    @Test
    void aLoopKeepsLiveWhatItsNextIterationReads() {
        // local 1 is read at the top of the loop and written at its bottom: live around the back edge
        List<Instr> code = body("ii", """
                loop
                  local.get 1
                  i32.const 1
                  i32.add
                  local.set 1
                  local.get 0
                  br_if 0
                end
                """);
        Liveness live = new Liveness(code);
        List<Instr> loopBody = code.get(0).body;
        assertThat(live.atLabelOf(code.get(0))).isEqualTo(locals(0, 1));
        assertThat(live.at(loopBody, 4)).as("after writing 1, the back edge still needs it").isEqualTo(locals(0, 1));
        assertThat(live.at(code, code.size())).isEqualTo(locals());
    }

    @Test
    void aCallInsideATryTableKeepsLiveWhatItsHandlerReads() {
        List<Instr> code = body("ii", """
                block
                  try_table catch_all 0
                    i32.const 9
                    local.set 1
                    call 0
                    i32.const 0
                    local.set 0
                  end
                  return
                end
                local.get 0
                drop
                """);
        Liveness live = new Liveness(code);
        Instr tryTable = code.get(0).body.get(0);
        assertThat(live.atHandlerOf(tryTable)).isEqualTo(locals(0));
        assertThat(live.at(tryTable.body, 2)).as("the call may throw to the handler, which reads 0").isEqualTo(locals(0));
        assertThat(live.at(tryTable.body, 3)).as("no throw after the call: 0 is overwritten").isEqualTo(locals());
    }
}
