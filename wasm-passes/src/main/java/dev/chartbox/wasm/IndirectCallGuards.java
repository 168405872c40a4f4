package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the table slots a {@code call_indirect} site calls most (by a {@link CallProfile}) into
 * guarded direct calls: {@code if (slot == K) call f else ... else call_indirect}. On the JVM a
 * direct call is an {@code invokestatic} of the target's method, which C2 may inline; an indirect one
 * goes through Chicory's shared dispatch (the table, a switch on the function's group, a switch on
 * the function), whose branches all sites of a type share, so the processor cannot predict them per
 * site. The guard keeps every other slot on the indirect path, so the rewrite is exact whatever the
 * program calls, provided slot K always holds f: the pass does nothing unless the table is the
 * module's own, filled only by its active element segments and never changed by code.
 */
public final class IndirectCallGuards {
    /** Bump when the pass's output for the same input changes: cached split modules carry it. */
    public static final String VERSION = "1";

    /**
     * A site is guarded when its calls are at least {@code minSiteShare} of all indirect calls; each
     * slot that makes at least {@code minTargetShare} of the site's calls gets a guard, most frequent
     * first, at most {@code maxGuards}.
     */
    public record Options(double minSiteShare, double minTargetShare, int maxGuards) {
        public static Options defaults() {
            return new Options(1e-4, 0.1, 3);
        }
    }

    public record Result(int sites, int guards, String skipped) {}

    private IndirectCallGuards() {}

    public static Result run(WasmBinary module, CallProfile profile, Options options) {
        int[] table = module.initialTableFunctions();
        if (table == null) {
            return new Result(0, 0, "the table is not the module's own");
        }
        int defined = module.functionCount();
        for (int f = module.importedFunctions; f < defined; f++) {
            if (changesTable(CodeCodec.decode(module.body(f)).instrs)) {
                return new Result(0, 0, "function " + f + " changes the table");
            }
        }
        int sites = 0, guards = 0;
        for (int f : profile.functions()) {
            if (f < module.importedFunctions || f >= defined) {
                continue;
            }
            FunctionCode code = CodeCodec.decode(module.body(f));
            Rewriter rewriter = new Rewriter(module, table, profile, options, f, code);
            CallProfile.rewriteSites(code.instrs, (call, ordinal) -> call.op == Op.CALL_INDIRECT ? rewriter.guarded(call, ordinal) : null);
            if (rewriter.guards > 0) {
                module.setBody(f, CodeCodec.encode(code));
                sites += rewriter.sites;
                guards += rewriter.guards;
            }
        }
        return new Result(sites, guards, null);
    }

    private static boolean changesTable(List<Instr> list) {
        for (Instr in : list) {
            switch (in.op) {
                case Op.TABLE_SET, Op.TABLE_INIT, Op.TABLE_COPY, Op.TABLE_GROW, Op.TABLE_FILL -> {
                    return true;
                }
                default -> {}
            }
            if ((in.body != null && changesTable(in.body)) || (in.elseBody != null && changesTable(in.elseBody))) {
                return true;
            }
        }
        return false;
    }

    private static final class Rewriter {
        private final WasmBinary module;
        private final int[] table;
        private final CallProfile profile;
        private final Options options;
        private final int function;
        private final FunctionCode code;
        private final int paramCount;
        /** Locals that hold a guarded call's arguments, by type; every site reuses them. */
        private final Map<Byte, List<Integer>> argumentLocals = new HashMap<>();
        private int slotLocal = -1;
        private int sites, guards;

        Rewriter(WasmBinary module, int[] table, CallProfile profile, Options options, int function, FunctionCode code) {
            this.module = module;
            this.table = table;
            this.profile = profile;
            this.options = options;
            this.function = function;
            this.code = code;
            this.paramCount = module.typeOfFunction(function).params().length;
        }

        private List<Instr> guarded(Instr call, int site) {
            FuncType type = module.types.get((int) call.a);
            if (call.b != 0 || type.results().length > 1) {
                return null;
            }
            List<CallProfile.Target> targets = profile.targets(function, site);
            double siteShare = targets.stream().mapToDouble(CallProfile.Target::share).sum();
            if (siteShare < options.minSiteShare()) {
                return null;
            }
            List<int[]> chosen = new ArrayList<>(); // (slot, function)
            for (CallProfile.Target t : targets) {
                if (chosen.size() == options.maxGuards() || t.share() < options.minTargetShare() * siteShare) {
                    break;
                }
                int callee = t.slot() >= 0 && t.slot() < table.length ? table[t.slot()] : -1;
                if (callee >= 0 && module.typeOfFunction(callee).equals(type)) {
                    chosen.add(new int[] {t.slot(), callee});
                }
            }
            if (chosen.isEmpty()) {
                return null;
            }
            byte[] params = type.params();
            int[] args = new int[params.length];
            Map<Byte, Integer> used = new HashMap<>();
            for (int p = 0; p < params.length; p++) {
                args[p] = argumentLocal(params[p], used.merge(params[p], 1, Integer::sum) - 1);
            }
            if (slotLocal < 0) {
                slotLocal = code.addLocal(I32, paramCount);
            }
            List<Instr> indirect = arguments(args);
            indirect.add(new Instr(Op.LOCAL_GET, slotLocal));
            indirect.add(call);
            List<Instr> otherwise = indirect;
            long blockType = type.results().length == 0 ? Op.BLOCK_EMPTY : type.results()[0] - 0x80;
            for (int g = chosen.size() - 1; g >= 0; g--) {
                List<Instr> direct = arguments(args);
                direct.add(new Instr(Op.CALL, chosen.get(g)[1]));
                Instr test = Instr.block(Op.IF, blockType, direct);
                test.elseBody = otherwise;
                otherwise = new ArrayList<>(List.of(new Instr(Op.LOCAL_GET, slotLocal), new Instr(Op.I32_CONST, chosen.get(g)[0]),
                        new Instr(I32_EQ), test));
            }
            List<Instr> replacement = new ArrayList<>();
            replacement.add(new Instr(Op.LOCAL_SET, slotLocal));
            for (int p = params.length - 1; p >= 0; p--) {
                replacement.add(new Instr(Op.LOCAL_SET, args[p]));
            }
            replacement.addAll(otherwise);
            sites++;
            guards += chosen.size();
            return replacement;
        }

        private int argumentLocal(byte type, int nth) {
            List<Integer> locals = argumentLocals.computeIfAbsent(type, t -> new ArrayList<>());
            while (locals.size() <= nth) {
                locals.add(code.addLocal(type, paramCount));
            }
            return locals.get(nth);
        }

        private static List<Instr> arguments(int[] locals) {
            List<Instr> gets = new ArrayList<>();
            for (int local : locals) {
                gets.add(new Instr(Op.LOCAL_GET, local));
            }
            return gets;
        }
    }

    private static final byte I32 = 0x7F;
    private static final int I32_EQ = 0x46;
}
