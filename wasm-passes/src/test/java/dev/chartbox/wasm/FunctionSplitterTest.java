package dev.chartbox.wasm;

import static dev.chartbox.wasm.Differential.assertSameBehaviour;
import static dev.chartbox.wasm.Differential.split;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionSplitterTest {
    private static final FuncType I_I = TestModule.type("i", "i");

    private static long[] in(long... v) {
        return v;
    }

    @Test
    void straightLineCodeKeepsLocalsWrittenInOnePieceAndReadInTheNext() {
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < 40; k++) {
            body.append("local.get ").append(k % 3).append("\ni32.const ").append(k + 1)
                    .append("\ni32.add\nlocal.set ").append((k + 1) % 3).append('\n');
        }
        body.append("local.get 0\nlocal.get 1\ni32.mul\nlocal.get 2\ni32.xor\n");
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("ii", body.toString()));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 40), "f", in(0), in(7), in(-3));
    }

    @Test
    void branchesThatLeaveAPieceBecomeExitCodesTheCallerDispatchesOn() {
        // a small interpreter: loop { block block block { br_table } case0 } case1 } case2 }
        String body = """
                loop
                  block
                    block
                      block
                        local.get 0
                        i32.const 3
                        i32.rem_u
                        br_table 0 1 2 2
                      end
                      local.get 1
                      i32.const 11
                      i32.add
                      local.set 1
                      local.get 1
                      local.get 1
                      i32.const 500
                      i32.gt_s
                      br_if 3
                      drop
                      local.get 0
                      i32.const 7
                      i32.add
                      local.set 0
                      br 2
                    end
                    local.get 1
                    i32.const 3
                    i32.mul
                    local.set 1
                    local.get 0
                    i32.const 5
                    i32.add
                    local.set 0
                    local.get 1
                    i32.const 1000
                    i32.lt_s
                    br_if 1
                    local.get 1
                    return
                  end
                  local.get 1
                  i32.const 1
                  i32.sub
                  local.set 1
                  local.get 0
                  i32.const 1
                  i32.add
                  local.set 0
                  local.get 1
                  i32.const 2000
                  i32.lt_s
                  br_if 0
                end
                local.get 1
                i32.const 100000
                i32.add
                """;
        TestModule m = new TestModule();
        m.function("run", I_I, Asm.function("i", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 30), "run", in(0), in(1), in(2), in(3), in(100));
    }

    @Test
    void aSwitchKeepsItsDispatchAndEachCaseBecomesOnePieceCalledFromTheFunction() {
        // loop { block*6 { br_table } case0 } ... case5 }: an interpreter's shape, cases big enough to outline
        int cases = 20;
        StringBuilder body = new StringBuilder("loop\n");
        body.append("block\n".repeat(cases));
        body.append("local.get 0\ni32.const ").append(cases).append("\ni32.rem_u\nbr_table");
        for (int k = 0; k < cases; k++) {
            body.append(' ').append(k);
        }
        body.append(" 0\n");
        for (int k = 0; k < cases; k++) {
            body.append("end\n");
            for (int j = 0; j < 3; j++) {
                body.append("local.get 1\ni32.const ").append(k * 7 + j + 1).append("\ni32.add\nlocal.set 1\n");
            }
            body.append("local.get 0\ni32.const ").append(k + 1).append("\ni32.add\nlocal.set 0\n");
            // next instruction while under the limit, else fall through to the next case (the last leaves)
            body.append("local.get 1\ni32.const 5000\ni32.le_s\nbr_if ").append(cases - k - 1).append('\n');
        }
        body.append("end\nlocal.get 1\n");
        TestModule m = new TestModule();
        m.function("run", I_I, Asm.function("i", body.toString()));
        byte[] original = m.build();

        WasmBinary split = WasmBinary.parse(original);
        var result = SplitPass.run(split, new SplitPass.Options(0, 60, 400, 1, Integer.MAX_VALUE, 0, Integer.MAX_VALUE)).get(0);
        assertThat(result.pieces()).isEqualTo(cases);
        assertThat(calls(CodeCodec.decode(split.body(result.function())).instrs, Op.BR_TABLE)).isOne();
        for (int piece : result.pieceIndices()) {
            assertThat(calls(CodeCodec.decode(split.body(piece)).instrs, Op.CALL)).as("piece %d calls", piece).isZero();
            assertThat(split.typeOfFunction(piece).results()).as("exit code and the two locals").hasSize(3);
        }
        assertSameBehaviour(original, split.encode(), "run", in(0), in(1), in(4), in(5));
    }

    private static int calls(java.util.List<Instr> seq, int op) {
        int n = 0;
        for (Instr in : seq) {
            n += in.op == op ? 1 : 0;
            if (in.body != null) {
                n += calls(in.body, op) + (in.elseBody != null ? calls(in.elseBody, op) : 0);
            }
        }
        return n;
    }

    @Test
    void returnInsideAPieceReturnsItsValueFromTheOriginalFunction() {
        String body = """
                block
                  local.get 0
                  i32.const 10
                  i32.lt_s
                  if
                    local.get 0
                    i32.const 100
                    i32.mul
                    return
                  end
                  local.get 0
                  i32.const 20
                  i32.lt_s
                  if
                    local.get 0
                    i32.const 1000
                    i32.mul
                    br 2
                  end
                end
                local.get 0
                i32.const 1
                i32.sub
                """;
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 20), "f", in(3), in(15), in(30));
    }

    @Test
    void blocksWithResultsInsideAPieceKeepTheirValues() {
        String body = """
                block i32
                  local.get 0
                  i32.const 1
                  i32.add
                  local.get 0
                  i32.const 5
                  i32.gt_s
                  br_if 0
                  i32.const 2
                  i32.mul
                end
                local.set 1
                block i32
                  local.get 1
                  if i32
                    local.get 1
                    i32.const 3
                    i32.add
                  else
                    i32.const 99
                  end
                end
                local.get 1
                i32.add
                """;
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("i", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 30), "f", in(-1), in(2), in(9));
    }

    @Test
    void trapsInsideAPieceTrapTheSameWay() {
        String body = """
                i32.const 100
                local.get 0
                i32.div_s
                local.set 1
                local.get 0
                i32.const 7
                i32.eq
                if
                  unreachable
                end
                local.get 0
                i32.const 8
                i32.eq
                if
                  i32.const 70000
                  i32.load
                  local.set 1
                end
                i32.const 0
                local.get 1
                i32.store
                local.get 1
                """;
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("i", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 14), "f", in(0), in(7), in(8), in(5));
    }

    @Test
    void exceptionsThrownInAPieceAreCaughtByTheCallersHandlerOrEscapeUnchanged() {
        String body = """
                block i32
                  try_table catch 0 0
                    local.get 0
                    i32.const 3
                    i32.gt_s
                    if
                      local.get 0
                      i32.const 10
                      i32.add
                      throw 0
                    end
                    local.get 0
                    i32.const 2
                    i32.eq
                    if
                      local.get 0
                      throw 1
                    end
                    i32.const 0
                    local.get 0
                    i32.store
                  end
                  i32.const 1
                  return
                end
                local.set 1
                i32.const 4
                local.get 1
                i32.store
                i32.const 4
                i32.load
                i32.const 1000
                i32.add
                """;
        TestModule m = new TestModule().tags(2);
        m.function("f", I_I, Asm.function("i", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 16), "f", in(1), in(2), in(5));
    }

    @Test
    void exceptionsCaughtWithCatchAllRefAndRethrownWithThrowRefCrossPiecesUnchanged() {
        String body = """
                block i32
                  try_table catch 0 0
                    block
                      block exnref
                        try_table catch_all_ref 0
                          local.get 0
                          i32.const 3
                          i32.gt_s
                          if
                            local.get 0
                            throw 0
                          end
                          local.get 0
                          i32.const 1
                          i32.add
                          local.set 0
                          br 2
                        end
                        unreachable
                      end
                      local.get 0
                      i32.const 50
                      i32.gt_s
                      if
                        i32.const 0
                        local.get 0
                        i32.store
                      end
                      throw_ref
                    end
                    local.get 0
                    return
                  end
                  unreachable
                end
                i32.const 1000
                i32.add
                """;
        TestModule m = new TestModule().tags(1);
        m.function("f", I_I, Asm.function("", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 14), "f", in(1), in(4), in(60));
    }

    @Test
    void aRecursiveFunctionSplitIntoPiecesReentersItselfSafely() {
        // fib(n) with extra arithmetic so that it is worth splitting; fib calls itself from a piece
        String body = """
                local.get 0
                i32.const 2
                i32.lt_s
                if
                  local.get 0
                  return
                end
                local.get 0
                i32.const 1
                i32.sub
                call 0
                local.set 1
                local.get 0
                i32.const 2
                i32.sub
                call 0
                local.set 2
                global.get 0
                i32.const 1
                i32.add
                global.set 0
                local.get 1
                local.get 2
                i32.add
                """;
        TestModule m = new TestModule();
        m.function("fib", I_I, Asm.function("ii", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 12), "fib", in(0), in(1), in(10), in(15));
    }

    @Test
    void aLocalOnlyOnePieceUsesKeepsItsValueAcrossLoopIterations() {
        // local 1 lives only inside the loop body's first piece, yet carries from one iteration to the next
        String body = """
                loop
                  local.get 1
                  i32.const 3
                  i32.add
                  local.set 1
                  local.get 1
                  local.get 1
                  i32.mul
                  global.set 0
                  local.get 0
                  i32.const 1
                  i32.sub
                  local.tee 0
                  i32.const 0
                  i32.gt_s
                  br_if 0
                end
                global.get 0
                """;
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("i", body));
        byte[] original = m.build();
        assertSameBehaviour(original, split(original, 14), "f", in(1), in(5));
    }

    @Test
    void anUnchangedModuleEncodesToItsOwnBytes() {
        TestModule m = new TestModule();
        m.function("f", I_I, Asm.function("i", "local.get 0\nlocal.set 1\nlocal.get 1"));
        byte[] original = m.build();
        assertThat(WasmBinary.parse(original).encode()).isEqualTo(original);
    }
}
