package dev.chartbox.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Makes the classes Chicory's compiler generated return several results in a reused array: each
 * {@code value_*} helper (which packs a function's results into a {@code long[]}) takes its array
 * from {@code dev.chartbox.guest.ResultArrays.of(length)} instead of allocating one.
 *
 * <p>That is only sound if every call that returns a {@code long[]} copies the results out before
 * anything else runs, so first it checks every such call in every class: the array must be
 * returned as it is (to a caller, which is checked in turn), or read at once (a constant index and
 * {@code laload}), or stored to a local that is read only in the straight run of element reads
 * right after the store (where Chicory uses that local for other values too, data flow decides
 * which stores each other read can see). Anything else fails the build, naming the method.
 */
public final class ResultArrayReuse {

    static final String RESULT_ARRAYS = "dev/chartbox/guest/ResultArrays";

    private ResultArrayReuse() {}

    /** {@code ResultArrayReuse CLASSES_DIR}: checks every class under it, then rewrites the helpers in place. */
    public static void main(String[] args) throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        List<String> violations = new ArrayList<>();
        Map<Path, byte[]> rewritten = new LinkedHashMap<>(); // written only once every class has passed
        int helpers = 0;
        for (Path file : classes) {
            ClassNode node = read(Files.readAllBytes(file));
            violations.addAll(check(node));
            int count = rewriteHelpers(node);
            if (count > 0) {
                ClassWriter writer = new ClassWriter(0);
                node.accept(writer);
                rewritten.put(file, writer.toByteArray());
                helpers += count;
            }
        }
        if (!violations.isEmpty()) {
            throw new IllegalStateException(violations.size() + " call(s) keep a result array past the next call, so results cannot share"
                    + " an array; first: " + violations.subList(0, Math.min(5, violations.size())));
        }
        for (Map.Entry<Path, byte[]> e : rewritten.entrySet()) {
            Files.write(e.getKey(), e.getValue());
        }
        System.err.printf("chartbox wasm-passes: %d result helpers reuse their thread's array; %d classes checked%n", helpers, classes.size());
    }

    static ClassNode read(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    /** Where a {@code long[]} returned by a call may outlive the next call: "Class.method: why". */
    static List<String> check(ClassNode node) {
        List<String> violations = new ArrayList<>();
        if (node.name.startsWith(RESULT_ARRAYS)) {
            return violations; // where the arrays come from
        }
        for (MethodNode method : node.methods) {
            BitSet resultLocals = new BitSet();
            Set<AbstractInsnNode> resultStores = new HashSet<>();
            Set<AbstractInsnNode> allowedLoads = new HashSet<>(); // loads inside an unpack run
            for (AbstractInsnNode insn : method.instructions) {
                if (!(insn instanceof MethodInsnNode call) || !call.desc.endsWith(")[J") || isResultArrays(call)) {
                    continue;
                }
                AbstractInsnNode next = nextOpcode(insn);
                int op = next == null ? -1 : next.getOpcode();
                if (op == Opcodes.ARETURN || op == Opcodes.RETURN || op == Opcodes.POP
                        || (isConstant(next) && nextOpcode(next).getOpcode() == Opcodes.LALOAD)) {
                    continue; // handed to the caller, dropped, or one element read off the stack
                }
                if (op != Opcodes.ASTORE) {
                    violations.add(where(node, method) + ": " + call.owner + "." + call.name + "'s result is used by opcode " + op);
                    continue;
                }
                int local = ((VarInsnNode) next).var;
                resultLocals.set(local);
                resultStores.add(next);
                for (AbstractInsnNode run = next.getNext(); run != null && inUnpackRun(run, local); run = run.getNext()) {
                    if (run.getOpcode() == Opcodes.ALOAD) {
                        allowedLoads.add(run);
                    }
                }
            }
            List<VarInsnNode> otherLoads = new ArrayList<>(); // of a local that holds a result array somewhere
            for (AbstractInsnNode insn : method.instructions) {
                if (insn.getOpcode() == Opcodes.ALOAD && resultLocals.get(((VarInsnNode) insn).var)
                        && !allowedLoads.contains(insn)
                        && !storedJustBefore((VarInsnNode) insn, resultStores)) {
                    otherLoads.add((VarInsnNode) insn);
                }
            }
            if (!otherLoads.isEmpty()) { // Chicory reuses a local for other references too (a caught exception):
                violations.addAll(loadsOfAResult(node, method, otherLoads, resultStores)); // which value can each load see?
            }
        }
        return violations;
    }

    /**
     * Whether the value {@code load} reads was stored, by something other than a result store, earlier
     * in the same straight run of code (no label between them, so no other path reaches the load).
     */
    private static boolean storedJustBefore(VarInsnNode load, Set<AbstractInsnNode> resultStores) {
        for (AbstractInsnNode insn = load.getPrevious(); insn != null; insn = insn.getPrevious()) {
            if (insn.getType() == AbstractInsnNode.LABEL) {
                return false;
            }
            if (insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == load.var) {
                return !resultStores.contains(insn);
            }
        }
        return false;
    }

    /** The loads among {@code loads} that may read a value one of {@code resultStores} stored, by data flow. */
    private static List<String> loadsOfAResult(ClassNode node, MethodNode method, List<VarInsnNode> loads, Set<AbstractInsnNode> resultStores) {
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(node.name, method);
        } catch (AnalyzerException e) {
            return List.of(where(node, method) + ": cannot follow its data flow: " + e.getMessage());
        }
        List<String> violations = new ArrayList<>();
        for (VarInsnNode load : loads) {
            Frame<SourceValue> frame = frames[method.instructions.indexOf(load)];
            if (frame != null && frame.getLocal(load.var).insns.stream().anyMatch(resultStores::contains)) {
                violations.add(where(node, method) + ": local " + load.var
                        + " holds a result array and is read outside the reads right after its call");
            }
        }
        return violations;
    }

    /** Instructions that read elements out of the array in {@code local} and convert them; nothing that calls or jumps. */
    private static boolean inUnpackRun(AbstractInsnNode insn, int local) {
        int op = insn.getOpcode();
        if (op < 0) {
            return insn.getType() == AbstractInsnNode.LINE || insn.getType() == AbstractInsnNode.FRAME; // a label may be a jump target
        }
        if (insn instanceof VarInsnNode var) {
            return op == Opcodes.ALOAD ? var.var == local : op >= Opcodes.ISTORE && op <= Opcodes.DSTORE;
        }
        if (insn instanceof MethodInsnNode call) { // f32 and f64 results are carried as their bits
            return call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals("com/dylibso/chicory/wasm/types/Value")
                    && (call.name.equals("longToFloat") || call.name.equals("longToDouble"));
        }
        return isConstant(insn) || op == Opcodes.LALOAD || op == Opcodes.L2I;
    }

    private static boolean isConstant(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH;
    }

    private static AbstractInsnNode nextOpcode(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next;
    }

    private static boolean isResultArrays(MethodInsnNode call) {
        return call.owner.equals(RESULT_ARRAYS);
    }

    /**
     * In each static {@code value_*} helper returning {@code long[]}, its one {@code newarray long}
     * becomes {@code ResultArrays.of}: same operand (the length), same result. Helpers already
     * rewritten are left alone. Returns how many were rewritten.
     */
    static int rewriteHelpers(ClassNode node) {
        int rewritten = 0;
        for (MethodNode method : node.methods) {
            if (!method.name.startsWith("value_") || !method.desc.endsWith(")[J") || (method.access & Opcodes.ACC_STATIC) == 0) {
                continue;
            }
            List<AbstractInsnNode> allocations = new ArrayList<>();
            for (AbstractInsnNode insn : method.instructions) {
                if (insn.getOpcode() == Opcodes.NEWARRAY && ((IntInsnNode) insn).operand == Opcodes.T_LONG) {
                    allocations.add(insn);
                }
            }
            if (allocations.isEmpty()) {
                continue; // rewritten by an earlier build
            }
            if (allocations.size() != 1) {
                throw new IllegalStateException(where(node, method) + " allocates " + allocations.size() + " arrays: not a result helper as expected");
            }
            method.instructions.set(allocations.get(0),
                    new MethodInsnNode(Opcodes.INVOKESTATIC, RESULT_ARRAYS, "of", "(I)[J", false));
            rewritten++;
        }
        return rewritten;
    }

    private static String where(ClassNode node, MethodNode method) {
        return node.name.replace('/', '.') + "." + method.name;
    }
}
