package dev.chartbox.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits one oversized function by outlining regions of its body into new functions ("pieces").
 *
 * <p>A region is a run of whole instructions inside one block frame, starting and ending where that
 * frame's operand stack is empty. Locals it reads (or writes and are live after it) become the
 * piece's parameters; locals it writes that are live after it come back as results. A branch that
 * leaves the region becomes an exit code, returned first, that the call site dispatches on with
 * br_if or br_table; {@code return} stores the return values in result slots and exits too.
 * Exceptions need nothing: a throw inside a piece unwinds through the call to the caller's handlers,
 * exactly as before, because regions that a local handler could observe half-updated are refused.
 * Nothing is kept in globals or memory, so re-entrant calls (the eval loop calls itself) are safe.
 */
public final class FunctionSplitter {

    /** What a split produced, for the report. */
    public record Result(int pieces, int rounds, int estimateBefore, int estimateAfter, List<Integer> pieceIndices) {}

    /** A JVM method has at most 255 parameter slots; Chicory adds memory and instance. */
    private static final int MAX_JVM_PARAM_SLOTS = 250;

    private final WasmBinary module;
    private final StackEffects effects;
    private final SizeEstimate estimate;
    private final int funcIndex;
    private final FuncType funcType;
    private final FunctionCode code;
    private final String name;
    private byte[] localTypes;
    private final IdentityHashMap<Instr, Integer> sizeCache = new IdentityHashMap<>();
    private int ecLocal = -1;
    private int[] retLocals;
    private int pieceCounter;
    private final List<Integer> pieceIndices = new ArrayList<>();
    private final Set<Integer> pieceSet = new HashSet<>();
    private DispatchProfile profile;
    private int keepBudget;

    /** A block frame around the sequence being looked at: what a branch to its label carries. */
    private record Frame(Instr instr, int arity, boolean tryTable, boolean function, int startHeight) {}

    private record Candidate(List<Instr> seq, int seqOrder, int start, int end, List<Frame> frames, int size) {}

    public FunctionSplitter(WasmBinary module, int funcIndex, String pieceNamePrefix, int firstPieceNumber) {
        this.module = module;
        this.effects = new StackEffects(module);
        this.estimate = new SizeEstimate(module);
        this.funcIndex = funcIndex;
        this.funcType = module.typeOfFunction(funcIndex);
        this.code = CodeCodec.decode(module.body(funcIndex));
        this.name = pieceNamePrefix;
        this.pieceCounter = firstPieceNumber;
        refreshLocalTypes();
    }

    private void refreshLocalTypes() {
        byte[] declared = code.flatLocals();
        localTypes = new byte[funcType.params().length + declared.length];
        System.arraycopy(funcType.params(), 0, localTypes, 0, funcType.params().length);
        System.arraycopy(declared, 0, localTypes, funcType.params().length, declared.length);
    }

    /**
     * When the switch is cut into groups, keeps its most frequent cases by {@code profile} in the
     * function, each its own group, as long as their code adds up to at most {@code budget} bytes.
     */
    public void keepHotCases(DispatchProfile profile, int budget) {
        this.profile = profile;
        this.keepBudget = budget;
    }

    public int estimate() {
        return estimate.function(funcType, code.instrs);
    }

    /**
     * Outlines regions until the function's estimated JVM size is at most {@code target}, using
     * pieces of at most {@code pieceTarget} estimated bytes (halved each round that falls short).
     * Pieces are first cut from the function's own code only, and never around a switch's dispatch, so
     * every piece is one call away from the function. If that leaves it above {@code switchAbove}, its
     * biggest switch is cut into groups of about {@code switchGroup} bytes, one piece each; only if it is
     * still above {@code nestAbove} does a last round take any region, earlier pieces and dispatch included.
     */
    public Result split(int target, int pieceTarget, int minPiece, int switchAbove, int switchGroup, int nestAbove) {
        int before = estimate();
        int rounds = rounds(target, pieceTarget, minPiece, false);
        if (estimate() > switchAbove) {
            groupSwitch(switchGroup);
        }
        if (estimate() > nestAbove) {
            rounds += rounds(target, pieceTarget, minPiece, true);
        }
        module.setBody(funcIndex, CodeCodec.encode(code));
        return new Result(pieceIndices.size(), rounds, before, estimate(), List.copyOf(pieceIndices));
    }

    /**
     * Cuts the function's biggest switch into groups of cases (see {@link SwitchLadder}), each group a
     * piece: the function keeps one call per group instead of the code of every case, and each case
     * pays one more call, always the same one.
     */
    private void groupSwitch(int groupTarget) {
        SwitchLadder ladder = SwitchLadder.biggest(code.instrs, estimate);
        if (ladder == null) {
            return;
        }
        SwitchLadder.Groups regrouped = ladder.regroup(() -> {
            int local = code.addLocal((byte) 0x7F, funcType.params().length);
            refreshLocalTypes();
            return local;
        }, groupTarget, estimate, hotCases(ladder));
        if (regrouped == null) {
            return;
        }
        List<Instr> xs = regrouped.xs();
        sizeCache.clear();
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(null, funcType.results().length, false, true, 0));
        for (Instr in : ladder.enclosing) {
            frames.add(frameOf(in));
        }
        int groups = xs.size() - 1;
        for (int x = groups; x >= 1; x--) {
            frames.add(frameOf(xs.get(x)));
        }
        // group g is the second instruction of X_{g+1}; outline from the last, each with fresh liveness
        for (int g = groups - 1; g >= 0; g--) {
            if (regrouped.kept().get(g)) {
                continue;
            }
            List<Frame> around = frames.subList(0, frames.size() - g);
            List<Instr> seq = xs.get(g + 1).body;
            outline(new Candidate(seq, 0, 1, 2, List.copyOf(around), size(seq.get(1))), new Liveness(code.instrs), true);
        }
    }

    /** The ladder's cases to keep in the function: the most frequent first, while the budget lasts. */
    private BitSet hotCases(SwitchLadder ladder) {
        BitSet hot = new BitSet();
        if (profile == null) {
            return hot;
        }
        int[] table = ladder.table();
        int cases = ladder.caseCount() - 1;
        double[] weight = new double[cases];
        for (int v = 0; v < table.length; v++) {
            if (table[v] < cases) {
                weight[table[v]] += profile.shareOf(v);
            }
        }
        Integer[] order = new Integer[cases];
        for (int k = 0; k < cases; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -weight[k]).thenComparingInt(k -> k));
        int spent = 0;
        double covered = 0;
        for (int k : order) {
            if (weight[k] <= 0) {
                break;
            }
            int size = ladder.caseSize(k, estimate);
            if (spent + size > keepBudget) {
                continue; // a smaller, rarer case may still fit
            }
            hot.set(k);
            spent += size;
            covered += weight[k];
        }
        System.err.printf("chartbox wasm-passes: %s keeps %d of %d cases (%d bytes), %.0f%% of its dispatches%n",
                name, hot.cardinality(), cases, spent, covered * 100);
        return hot;
    }

    private Frame frameOf(Instr in) {
        FuncType bt = effects.blockType(in.a);
        int arity = in.op == Op.LOOP ? bt.params().length : bt.results().length;
        return new Frame(in, arity, in.op == Op.TRY_TABLE, false, bt.params().length);
    }

    private int rounds(int target, int pieceTarget, int minPiece, boolean lastResort) {
        int rounds = 0;
        int t = pieceTarget;
        while (estimate() > target && t >= minPiece && rounds < 12) {
            rounds++;
            sizeCache.clear();
            List<Candidate> candidates = new ArrayList<>();
            List<Frame> frames = new ArrayList<>();
            frames.add(new Frame(null, funcType.results().length, false, true, 0));
            collect(code.instrs, frames, t, minPiece, !lastResort, candidates);
            if (candidates.isEmpty()) {
                t /= 2;
                continue;
            }
            // biggest first; ties in the order found, so the output is the same on every run
            candidates.sort(Comparator.comparingInt(Candidate::size).reversed());
            int excess = estimate() - target;
            Liveness liveness = new Liveness(code.instrs);
            List<Candidate> chosen = new ArrayList<>();
            for (Candidate c : candidates) {
                if (excess <= 0) {
                    break;
                }
                chosen.add(c);
                excess -= c.size - 60;
            }
            // apply per sequence from the back, so earlier indices stay valid
            chosen.sort(Comparator.comparingInt(Candidate::seqOrder)
                    .thenComparing(Comparator.comparingInt(Candidate::start).reversed()));
            int outlined = 0;
            for (Candidate c : chosen) {
                if (outline(c, liveness, lastResort)) {
                    outlined++;
                }
            }
            if (outlined == 0) {
                t /= 2;
            }
        }
        return rounds;
    }

    private int size(Instr in) {
        Integer s = sizeCache.get(in);
        if (s == null) {
            s = estimate.of(in);
            sizeCache.put(in, s);
        }
        return s;
    }

    private int seqCounter;

    /**
     * Finds candidate regions in {@code seq}. A structured instruction too big for a piece is not taken
     * whole but looked into; so is one holding a switch's dispatch when {@code keepDispatch}.
     */
    private void collect(List<Instr> seq, List<Frame> frames, int t, int minPiece, boolean keepDispatch,
            List<Candidate> out) {
        int order = seqCounter++;
        int n = seq.size();
        boolean[] barrier = new boolean[n];
        for (int i = 0; i < n; i++) {
            Instr in = seq.get(i);
            if (in.body != null && (size(in) > t || keepDispatch && dispatchesOutOf(in.body, 0))) {
                barrier[i] = true;
                List<Frame> inner = new ArrayList<>(frames);
                inner.add(frameOf(in));
                collect(in.body, inner, t, minPiece, keepDispatch, out);
                if (in.elseBody != null) {
                    collect(in.elseBody, inner, t, minPiece, keepDispatch, out);
                }
            }
        }
        Frame own = frames.get(frames.size() - 1);
        int[] h = effects.heights(seq, own.startHeight);
        // a frame with params starts non-empty; heights are relative, so only 0 marks a cut
        int start = -1;
        int acc = 0;
        int lastCut = -1;
        int accAtCut = 0;
        for (int i = 0; i <= n; i++) {
            boolean cut = h[i] == 0 || (i == n && h[i] == StackEffects.UNREACHABLE);
            if (start >= 0 && cut && i > start) {
                lastCut = i;
                accAtCut = acc;
            }
            if (i == n) {
                break;
            }
            if (barrier[i] || h[i] == StackEffects.UNREACHABLE && start < 0) {
                flush(seq, order, start, lastCut, accAtCut, frames, minPiece, out);
                start = -1;
                lastCut = -1;
                continue;
            }
            if (start < 0) {
                if (h[i] != 0) {
                    continue;
                }
                start = i;
                acc = 0;
                lastCut = -1;
            }
            int s = size(seq.get(i));
            if (acc + s > t && lastCut > start) {
                flush(seq, order, start, lastCut, accAtCut, frames, minPiece, out);
                start = lastCut;
                acc -= accAtCut;
                lastCut = -1;
            }
            acc += s;
        }
        flush(seq, order, start, lastCut, accAtCut, frames, minPiece, out);
    }

    private static void flush(List<Instr> seq, int order, int start, int end, int size, List<Frame> frames,
            int minPiece, List<Candidate> out) {
        if (start >= 0 && end > start && size >= minPiece) {
            out.add(new Candidate(seq, order, start, end, List.copyOf(frames), size));
        }
    }

    /** Whether a br_table in {@code seq}, {@code nesting} blocks deep, jumps out of it. */
    private static boolean dispatchesOutOf(List<Instr> seq, int nesting) {
        for (Instr in : seq) {
            if (in.op == Op.BR_TABLE) {
                if (in.a >= nesting) {
                    return true;
                }
                for (int l : in.labels) {
                    if (l >= nesting) {
                        return true;
                    }
                }
            }
            if (in.body != null && (dispatchesOutOf(in.body, nesting + 1)
                    || in.elseBody != null && dispatchesOutOf(in.elseBody, nesting + 1))) {
                return true;
            }
        }
        return false;
    }

    // ---- analysis of a region ----

    private final class RegionInfo {
        final BitSet read = new BitSet();
        final BitSet written = new BitSet();
        /** Outer label index (0 = frame holding the region) to exit number (1-based), in order. */
        final Map<Integer, Integer> exits = new LinkedHashMap<>();
        boolean mayThrow;
        /** The region holds the call site of an earlier piece: outlining it would nest pieces. */
        boolean callsPiece;
        /**
         * A br_table in the region jumps out of it: it is a switch's dispatch, and outlining it would
         * send every case through the piece and back. The cases become pieces instead.
         */
        boolean dispatches;
        boolean refused;
        String refusal;

        void scan(List<Instr> seq, int nesting, List<Frame> frames) {
            for (Instr in : seq) {
                scan(in, nesting, frames);
            }
        }

        void scan(Instr in, int nesting, List<Frame> frames) {
            switch (in.op) {
                case Op.LOCAL_GET -> read.set((int) in.a);
                case Op.LOCAL_SET, Op.LOCAL_TEE -> written.set((int) in.a);
                case Op.BR -> escape((int) in.a, nesting, frames, true);
                case Op.BR_IF -> escape((int) in.a, nesting, frames, false);
                case Op.BR_TABLE -> {
                    for (int l : in.labels) {
                        escape(l, nesting, frames, false);
                        dispatches |= l >= nesting;
                    }
                    escape((int) in.a, nesting, frames, false);
                    dispatches |= in.a >= nesting;
                }
                case Op.RETURN -> exitFor(frames.size() - 1);
                case Op.CALL -> {
                    mayThrow = true;
                    callsPiece |= pieceSet.contains((int) in.a);
                }
                case Op.CALL_INDIRECT, Op.THROW, Op.THROW_REF -> mayThrow = true;
                case Op.RETURN_CALL, Op.RETURN_CALL_INDIRECT -> refuse("tail call");
                case Op.TRY_TABLE -> {
                    for (int k = 0; k < in.labels.length; k += 4) {
                        int kind = in.labels[k];
                        int label = in.labels[k + 2];
                        if (label >= nesting) {
                            // a handler outside the region: its values cannot travel through an exit
                            boolean carries = kind != Op.CATCH_ALL
                                    || frames.get(frames.size() - 1 - (label - nesting)).arity > 0;
                            if (carries) {
                                refuse("catch to a label outside the region");
                            } else {
                                escape(label, nesting, frames, false);
                            }
                        }
                    }
                }
                default -> {}
            }
            if (in.body != null) {
                scan(in.body, nesting + 1, frames);
                if (in.elseBody != null) {
                    scan(in.elseBody, nesting + 1, frames);
                }
            }
        }

        void escape(int depth, int nesting, List<Frame> frames, boolean unconditional) {
            if (depth < nesting) {
                return;
            }
            int outer = depth - nesting;
            Frame f = frames.get(frames.size() - 1 - outer);
            if (f.function) {
                if (f.arity > 0 && !unconditional) {
                    refuse("conditional branch to the function's label with values");
                }
                exitFor(frames.size() - 1);
            } else if (f.arity > 0) {
                refuse("branch with values to a label outside the region");
            } else {
                exitFor(outer);
            }
        }

        void exitFor(int outer) {
            exits.computeIfAbsent(outer, k -> exits.size() + 1);
        }

        void refuse(String why) {
            refused = true;
            refusal = why;
        }
    }

    /** Live locals at the handlers an exception leaving a region in these frames may reach. */
    private static BitSet handlerLiveness(List<Frame> frames, Liveness liveness) {
        for (int k = frames.size() - 1; k >= 0; k--) {
            if (frames.get(k).tryTable) {
                return liveness.atHandlerOf(frames.get(k).instr);
            }
        }
        return new BitSet();
    }

    // ---- outlining ----

    private boolean outline(Candidate c, Liveness liveness, boolean lastResort) {
        List<Instr> region = c.seq.subList(c.start, c.end);
        List<Frame> frames = c.frames;
        int functionOuter = frames.size() - 1;
        RegionInfo info = new RegionInfo();
        info.scan(region, 0, frames);
        if (info.refused || (!lastResort && (info.dispatches || info.callsPiece))) {
            return false;
        }
        // locals the code after the region may read: where it falls through, and where its branches land
        BitSet liveOut = (BitSet) liveness.at(c.seq, c.end).clone();
        for (int outer : info.exits.keySet()) {
            Frame f = frames.get(frames.size() - 1 - outer);
            if (!f.function) {
                liveOut.or(liveness.atLabelOf(f.instr));
            }
        }
        liveOut.and(info.written);
        if (info.mayThrow) {
            BitSet atHandler = handlerLiveness(frames, liveness);
            if (atHandler.intersects(info.written)) {
                // a handler in this function could read a local the piece changed before throwing
                return false;
            }
        }
        int[] h = effects.heights(c.seq, frames.get(frames.size() - 1).startHeight);
        boolean endsUnreachable = h[c.end] == StackEffects.UNREACHABLE;

        BitSet paramSet = (BitSet) info.read.clone();
        paramSet.and(liveness.at(c.seq, c.start));
        paramSet.or(liveOut);
        int[] params = paramSet.stream().toArray();
        int slots = 2;
        for (int p : params) {
            slots += localTypes[p] == 0x7E || localTypes[p] == 0x7C ? 2 : 1;
        }
        if (slots > MAX_JVM_PARAM_SLOTS) {
            return false;
        }
        int[] outs = liveOut.stream().toArray();
        BitSet used = (BitSet) info.read.clone();
        used.or(info.written);
        List<Integer> exitOuter = new ArrayList<>(info.exits.keySet());
        int nExits = exitOuter.size();
        boolean hasEc = nExits > 0;
        boolean returns = info.exits.containsKey(functionOuter);
        byte[] rets = returns ? funcType.results() : new byte[0];
        // the region may end between an earlier call site's exit code or results and their use (only the
        // last-resort round cuts call sites): this call site would overwrite them with its own
        boolean overwritesExitCode = nExits > 1 && ecLocal >= 0 && liveOut.get(ecLocal);
        boolean overwritesResults = returns && retLocals != null && Arrays.stream(retLocals).anyMatch(liveOut::get);
        if (overwritesExitCode || overwritesResults) {
            return false;
        }

        // piece signature and locals
        int[] map = new int[localTypes.length];
        Arrays.fill(map, -1);
        byte[] pParams = new byte[params.length];
        for (int k = 0; k < params.length; k++) {
            map[params[k]] = k;
            pParams[k] = localTypes[params[k]];
        }
        FunctionCode piece = new FunctionCode();
        for (int l = used.nextSetBit(0); l >= 0; l = used.nextSetBit(l + 1)) {
            if (map[l] < 0) {
                map[l] = piece.addLocal(localTypes[l], params.length);
            }
        }
        int pEc = hasEc ? piece.addLocal((byte) 0x7F, params.length) : -1;
        int[] pRet = new int[rets.length];
        for (int k = 0; k < rets.length; k++) {
            pRet[k] = piece.addLocal(rets[k], params.length);
        }
        byte[] pResults = new byte[(hasEc ? 1 : 0) + outs.length + rets.length];
        int r = 0;
        if (hasEc) {
            pResults[r++] = 0x7F;
        }
        for (int o : outs) {
            pResults[r++] = localTypes[o];
        }
        for (byte t : rets) {
            pResults[r++] = t;
        }

        // piece body
        Map<Integer, Integer> exitIndex = new LinkedHashMap<>(info.exits);
        List<Instr> inner = new ArrayList<>();
        for (Instr in : region) {
            rewrite(in, 0, map, exitIndex, functionOuter, pRet, inner);
        }
        List<Instr> body = new ArrayList<>();
        if (!hasEc) {
            body.addAll(inner);
        } else {
            // block $done { block X_n { ... block X_1 { region; br $done } ec=1; br $done } ... ec=n }
            List<Instr> level = inner;
            level.add(new Instr(Op.BR, nExits));
            for (int j = 1; j <= nExits; j++) {
                List<Instr> outerLevel = new ArrayList<>();
                outerLevel.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, level));
                outerLevel.add(new Instr(Op.I32_CONST, j));
                outerLevel.add(new Instr(Op.LOCAL_SET, pEc));
                if (j < nExits) {
                    outerLevel.add(new Instr(Op.BR, nExits - j));
                }
                level = outerLevel;
            }
            body.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, level));
        }
        if (hasEc) {
            body.add(new Instr(Op.LOCAL_GET, pEc));
        }
        for (int o : outs) {
            body.add(new Instr(Op.LOCAL_GET, map[o]));
        }
        for (int k : pRet) {
            body.add(new Instr(Op.LOCAL_GET, k));
        }
        piece.instrs = body;
        FuncType pType = new FuncType(pParams, pResults);
        String pName = name + "$piece" + (pieceCounter++);
        int pIndex = module.addFunction(pType, CodeCodec.encode(piece), pName);
        pieceIndices.add(pIndex);
        pieceSet.add(pIndex);

        // call site
        List<Instr> site = new ArrayList<>();
        for (int p : params) {
            site.add(new Instr(Op.LOCAL_GET, p));
        }
        site.add(new Instr(Op.CALL, pIndex));
        int[] cRet = returns ? retLocals() : new int[0];
        for (int k = cRet.length - 1; k >= 0; k--) {
            site.add(new Instr(Op.LOCAL_SET, cRet[k]));
        }
        for (int k = outs.length - 1; k >= 0; k--) {
            site.add(new Instr(Op.LOCAL_SET, outs[k]));
        }
        if (hasEc) {
            dispatch(site, exitOuter, functionOuter, cRet);
        }
        if (endsUnreachable) {
            site.add(new Instr(Op.UNREACHABLE));
        }
        region.clear();
        c.seq.addAll(c.start, site);
        return true;
    }

    private int[] retLocals() {
        if (retLocals == null) {
            byte[] rt = funcType.results();
            retLocals = new int[rt.length];
            for (int k = 0; k < rt.length; k++) {
                retLocals[k] = code.addLocal(rt[k], funcType.params().length);
            }
            refreshLocalTypes();
        }
        return retLocals;
    }

    private int ecLocal() {
        if (ecLocal < 0) {
            ecLocal = code.addLocal((byte) 0x7F, funcType.params().length);
            refreshLocalTypes();
        }
        return ecLocal;
    }

    /** The exit code is on the stack; branch to where the region's exit j went. */
    private void dispatch(List<Instr> site, List<Integer> exitOuter, int functionOuter, int[] cRet) {
        int n = exitOuter.size();
        if (n == 1) {
            int outer = exitOuter.get(0);
            if (outer != functionOuter) {
                site.add(new Instr(Op.BR_IF, outer));
            } else {
                List<Instr> then = new ArrayList<>();
                for (int k : cRet) {
                    then.add(new Instr(Op.LOCAL_GET, k));
                }
                then.add(new Instr(Op.RETURN));
                site.add(Instr.block(Op.IF, Op.BLOCK_EMPTY, then));
            }
            return;
        }
        boolean returns = exitOuter.contains(functionOuter);
        int ec = ecLocal();
        site.add(new Instr(Op.LOCAL_SET, ec));
        int shift = returns ? 2 : 1;
        int[] targets = new int[n + 1];
        targets[0] = shift - 1; // fallthrough: the outer helper block
        for (int j = 1; j <= n; j++) {
            int outer = exitOuter.get(j - 1);
            targets[j] = outer == functionOuter ? 0 : outer + shift;
        }
        Instr table = new Instr(Op.BR_TABLE, shift - 1);
        table.labels = targets;
        List<Instr> innermost = new ArrayList<>();
        innermost.add(new Instr(Op.LOCAL_GET, ec));
        innermost.add(table);
        List<Instr> ft = new ArrayList<>();
        if (returns) {
            ft.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, innermost));
            for (int k : cRet) {
                ft.add(new Instr(Op.LOCAL_GET, k));
            }
            ft.add(new Instr(Op.RETURN));
        } else {
            ft = innermost;
        }
        site.add(Instr.block(Op.BLOCK, Op.BLOCK_EMPTY, ft));
    }

    /** Appends a copy of {@code in} for the piece: locals renumbered, escaping branches sent to exits. */
    private void rewrite(Instr in, int nesting, int[] map, Map<Integer, Integer> exits, int functionOuter, int[] pRet,
            List<Instr> into) {
        boolean toFunction = in.op == Op.RETURN
                || (in.op == Op.BR && in.a >= nesting && (int) in.a - nesting == functionOuter);
        if (toFunction) {
            // stash the return values, then leave through the return exit
            for (int k = pRet.length - 1; k >= 0; k--) {
                into.add(new Instr(Op.LOCAL_SET, pRet[k]));
            }
            into.add(new Instr(Op.BR, nesting + exits.get(functionOuter) - 1));
            return;
        }
        Instr out = in.copyShallow();
        if (in.op == Op.LOCAL_GET || in.op == Op.LOCAL_SET || in.op == Op.LOCAL_TEE) {
            out.a = map[(int) in.a];
            out.widthA = 0;
        }
        out.mapLabels(depth -> relabel(depth, nesting, exits));
        if (in.body != null) {
            out.body = new ArrayList<>(in.body.size());
            for (Instr b : in.body) {
                rewrite(b, nesting + 1, map, exits, functionOuter, pRet, out.body);
            }
            if (in.elseBody != null) {
                out.elseBody = new ArrayList<>(in.elseBody.size());
                for (Instr b : in.elseBody) {
                    rewrite(b, nesting + 1, map, exits, functionOuter, pRet, out.elseBody);
                }
            }
        }
        into.add(out);
    }

    private static int relabel(int depth, int nesting, Map<Integer, Integer> exits) {
        if (depth < nesting) {
            return depth;
        }
        return nesting + exits.get(depth - nesting) - 1;
    }
}
