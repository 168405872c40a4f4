package dev.chartbox.wasm;

import static dev.chartbox.wasm.Differential.assertSameBehaviour;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for random structured functions (nested blocks, loops, ifs, br/br_if/br_table out of
 * several levels, return, traps, throws caught by try_table or escaping, calls), the split module
 * gives the same results, globals, memory, traps and exceptions as the original.
 */
class RandomProgramSplitTest {

    /**
     * Seeds that once found a bug: a last-resort piece whose call site overwrote the exit code of an
     * earlier call site that it cut off from its dispatch (1388, 1533, 1541, 2008, 2971).
     */
    private static final int[] REGRESSIONS = {1388, 1533, 1541, 2008, 2971};

    /**
     * 30 programs and the regressions by default; {@code -Dchartbox.randomPrograms=N} runs more, and
     * {@code -Dchartbox.randomSeeds=1541,2008} runs just those.
     */
    static IntStream seeds() {
        String chosen = System.getProperty("chartbox.randomSeeds", "");
        if (!chosen.isBlank()) {
            return java.util.Arrays.stream(chosen.split(",")).mapToInt(seed -> Integer.parseInt(seed.trim()));
        }
        int count = Integer.getInteger("chartbox.randomPrograms", 30);
        return IntStream.concat(IntStream.rangeClosed(1, count), IntStream.of(REGRESSIONS).filter(seed -> seed > count));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomFunctionBehavesTheSameAfterSplitting(int seed) {
        Random rnd = new Random(seed);
        Gen g = new Gen(rnd);
        TestModule m = new TestModule().tags(1);
        FuncType ii_i = TestModule.type("ii", "i");
        // function 0: the one to split; function 1: a helper it calls
        String body = g.function();
        m.function("f", ii_i, Asm.function("iiiiiIF", body));
        m.function("helper", TestModule.type("i", "i"), Asm.function("", "local.get 0\ni32.const 3\ni32.mul\ni32.const 1\ni32.add"));
        byte[] original = m.build();
        int pieceTarget = 15 + rnd.nextInt(60);
        byte[] split = Differential.split(original, pieceTarget);
        assertThat(Differential.split(original, pieceTarget)).as("the same input splits to the same bytes").isEqualTo(split);
        List<long[]> inputs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            inputs.add(new long[] {rnd.nextInt(40) - 10, rnd.nextInt(40) - 10});
        }
        assertSameBehaviour(original, split, "f", inputs.toArray(long[][]::new));
    }

    /**
     * Random statements that leave the stack empty; locals 0-1 params, 2-5 scratch, 6 fuel, 7 an
     * i64 and 8 an f64 carried through the function as an interpreter's registers are.
     */
    static final class Gen {
        private final Random rnd;
        private final StringBuilder out = new StringBuilder();
        /** Kind of each enclosing label, innermost last: 'b' block (empty), 'l' loop, 'f' function. */
        private final List<Character> labels = new ArrayList<>();
        private int budget = 120;

        Gen(Random rnd) {
            this.rnd = rnd;
        }

        String function() {
            labels.add('f');
            line("i32.const 50");
            line("local.set 6");
            stmts(3);
            line("local.get 0");
            line("local.get 2");
            line("i32.add");
            line("local.get 3");
            line("i32.xor");
            line("local.get 4");
            line("i32.add");
            line("local.get 7");
            line("i32.wrap_i64");
            line("i32.add");
            line("local.get 8");
            line("i32.trunc_f64_s");
            line("i32.add");
            return out.toString();
        }

        private void line(String s) {
            out.append(s).append('\n');
        }

        private void stmts(int depth) {
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n && budget-- > 0; i++) {
                stmt(depth);
            }
        }

        private void expr(int depth) {
            int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(6);
            switch (k) {
                case 0 -> line("local.get " + rnd.nextInt(6));
                case 1 -> line("i32.const " + (rnd.nextInt(21) - 5));
                case 2, 3 -> {
                    expr(depth - 1);
                    expr(depth - 1);
                    String[] ops = {"i32.add", "i32.sub", "i32.mul", "i32.xor", "i32.and", "i32.lt_s", "i32.div_s", "i32.rem_u"};
                    line(ops[rnd.nextInt(ops.length)]);
                }
                case 4 -> {
                    expr(depth - 1);
                    line("call 1");
                }
                default -> {
                    line("block i32");
                    labels.add('v');
                    expr(depth - 1);
                    expr(depth - 1);
                    line("br_if 0");
                    line("i32.const 7");
                    line("i32.add");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
            }
        }

        /** Depth of a random enclosing empty block (or the function when returning is fine), or -1. */
        private int blockDepth() {
            List<Integer> ok = new ArrayList<>();
            for (int d = 0; d < labels.size(); d++) {
                if (labels.get(labels.size() - 1 - d) == 'b') {
                    ok.add(d);
                }
            }
            return ok.isEmpty() ? -1 : ok.get(rnd.nextInt(ok.size()));
        }

        private void stmt(int depth) {
            int k = depth <= 0 ? rnd.nextInt(3) : rnd.nextInt(17);
            switch (k) {
                case 0, 1 -> {
                    expr(2);
                    line("local.set " + (2 + rnd.nextInt(4)));
                }
                case 2 -> {
                    line("i32.const " + 4 * rnd.nextInt(4));
                    expr(1);
                    line("i32.store");
                }
                case 3 -> {
                    line("block");
                    labels.add('b');
                    stmts(depth - 1);
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 4 -> {
                    // a loop bounded by the fuel local
                    line("loop");
                    labels.add('l');
                    stmts(depth - 1);
                    line("local.get 6");
                    line("i32.const 1");
                    line("i32.sub");
                    line("local.tee 6");
                    line("i32.const 0");
                    line("i32.gt_s");
                    line("br_if 0");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 5 -> {
                    expr(1);
                    line("if");
                    labels.add('b');
                    stmts(depth - 1);
                    if (rnd.nextBoolean()) {
                        line("else");
                        stmts(depth - 1);
                    }
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 6 -> {
                    int d = blockDepth();
                    if (d >= 0) {
                        expr(1);
                        line("br_if " + d);
                    }
                }
                case 7 -> {
                    // br_table over a few enclosing empty blocks, inside an if so code after it stays live
                    List<Integer> ds = new ArrayList<>();
                    for (int j = 0; j < 3; j++) {
                        int d = blockDepth();
                        if (d >= 0) {
                            ds.add(d + 1);
                        }
                    }
                    if (!ds.isEmpty()) {
                        expr(1);
                        line("if");
                        labels.add('b');
                        expr(1);
                        StringBuilder t = new StringBuilder("br_table");
                        for (int d : ds) {
                            t.append(' ').append(d);
                        }
                        t.append(" 0");
                        line(t.toString());
                        labels.remove(labels.size() - 1);
                        line("end");
                    }
                }
                case 8 -> {
                    expr(1);
                    line("if");
                    labels.add('b');
                    expr(1);
                    line("return");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 9 -> {
                    expr(1);
                    line("if");
                    labels.add('b');
                    expr(1);
                    line("throw 0");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 10 -> {
                    // try_table whose handler lands in an enclosing block of its own
                    line("block");
                    labels.add('b');
                    line("try_table catch_all 0");
                    labels.add('b');
                    stmts(depth - 1);
                    labels.remove(labels.size() - 1);
                    line("end");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 11 -> {
                    expr(1);
                    line("global.set 0");
                }
                case 12 -> {
                    expr(1);
                    line("i32.const 3");
                    line("i32.eq");
                    line("if");
                    labels.add('b');
                    line("unreachable");
                    labels.remove(labels.size() - 1);
                    line("end");
                }
                case 13 -> {
                    expr(1);
                    line("i64.extend_i32_s");
                    line("local.get 7");
                    line(rnd.nextBoolean() ? "i64.add" : "i64.mul");
                    line("local.set 7");
                }
                case 14 -> {
                    expr(1);
                    line("f64.convert_i32_s");
                    line("local.get 8");
                    line("f64.add");
                    line("local.set 8");
                }
                case 15 -> switchInALoop(depth);
                default -> {
                    int d = blockDepth();
                    if (d >= 0 && rnd.nextInt(3) == 0) {
                        expr(1);
                        line("if");
                        labels.add('b');
                        line("br " + (d + 1));
                        labels.remove(labels.size() - 1);
                        line("end");
                    } else {
                        expr(2);
                        line("local.set " + (2 + rnd.nextInt(4)));
                    }
                }
            }
        }

        /**
         * An interpreter's dispatch: a fuel-bounded loop around nested blocks and a br_table whose
         * case k ends block k and runs that case's statements, which continue the loop, fall
         * through to the next case, or leave the loop; i32, i64 and f64 state lives on through it.
         */
        private void switchInALoop(int depth) {
            int cases = 2 + rnd.nextInt(5);
            line("block");
            labels.add('b'); // the loop's exit
            line("loop");
            labels.add('l');
            line("local.get 6");
            line("i32.const 1");
            line("i32.sub");
            line("local.tee 6");
            line("i32.const 0");
            line("i32.le_s");
            line("br_if 1");
            for (int c = 0; c < cases; c++) {
                line("block");
                labels.add('b');
            }
            expr(1);
            StringBuilder table = new StringBuilder("br_table");
            for (int c = 0; c < cases; c++) {
                table.append(' ').append(c);
            }
            line(table.append(' ').append(rnd.nextInt(cases)).toString());
            for (int c = 0; c < cases; c++) {
                labels.remove(labels.size() - 1);
                line("end"); // case c starts after the block it ends
                int remaining = cases - 1 - c; // blocks still open around this case
                stmts(depth - 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> line("br " + remaining); // continue the loop
                    case 1 -> line("br " + (remaining + 1)); // leave the loop
                    default -> { } // fall through to the next case
                }
            }
            line("br 0");
            labels.remove(labels.size() - 1);
            line("end");
            labels.remove(labels.size() - 1);
            line("end");
        }
    }
}
