package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.wasm.Parser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

class ResultArrayReuseTest {

    /** Chicory's classes for a module whose functions return several results of every type, called in a row. */
    private static Collection<byte[]> compiledMultiValueModule() {
        TestModule m = new TestModule();
        FuncType four = TestModule.type("i", "iIfF");
        FuncType pair = TestModule.type("i", "ii");
        m.function("four", four, Asm.function("f", "local.get 0", "local.get 0", "i64.extend_i32_s",
                "local.get 1", "local.get 0", "f64.convert_i32_s"));
        m.function("pair", pair, Asm.function("", "local.get 0", "local.get 0", "i32.const 1", "i32.add"));
        m.function("sum", TestModule.type("i", "i"), Asm.function("iIfF",
                "local.get 0", "call 0", "local.set 4", "local.set 3", "local.set 2", "local.set 1",
                "local.get 0", "call 1", "i32.add", "local.get 1", "i32.add",
                "local.get 0", "call 1", "i32.add", "i32.add"));
        return Compiler.builder(Parser.parse(m.build())).withInterpreterFallback(InterpreterFallback.FAIL)
                .build().compile().classBytes().values();
    }

    @Test
    void chicorysCodeCopiesEveryResultOutRightAfterItsCall() {
        List<String> violations = new ArrayList<>();
        for (byte[] bytes : compiledMultiValueModule()) {
            violations.addAll(ResultArrayReuse.check(ResultArrayReuse.read(bytes)));
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theResultHelpersTakeTheirArrayFromResultArraysOnceAndOnlyThem() {
        int rewritten = 0;
        int helpers = 0;
        for (byte[] bytes : compiledMultiValueModule()) {
            ClassNode node = ResultArrayReuse.read(bytes);
            rewritten += ResultArrayReuse.rewriteHelpers(node);
            assertThat(ResultArrayReuse.rewriteHelpers(node)).as("a second pass").isZero();
            for (MethodNode method : node.methods) {
                boolean callsResultArrays = false;
                for (AbstractInsnNode insn : method.instructions) {
                    assertThat(insn.getOpcode()).as(method.name).isNotEqualTo(method.name.startsWith("value_") ? Opcodes.NEWARRAY : -2);
                    callsResultArrays |= insn instanceof MethodInsnNode call && call.owner.equals(ResultArrayReuse.RESULT_ARRAYS);
                }
                assertThat(callsResultArrays).as(method.name).isEqualTo(method.name.startsWith("value_"));
                helpers += method.name.startsWith("value_") ? 1 : 0;
            }
        }
        assertThat(helpers).as("one helper per result type list: (i32, i64, f32, f64) and (i32, i32)").isEqualTo(2);
        assertThat(rewritten).isEqualTo(2);
    }

    @Test
    void aResultArrayReadAfterAnotherCallIsReported() {
        assertThat(ResultArrayReuse.check(classWith(m -> {
            m.visitInsn(Opcodes.ICONST_1);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "results", "(I)[J", false);
            m.visitVarInsn(Opcodes.ASTORE, 1);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "other", "()V", false); // may overwrite the array
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitInsn(Opcodes.LALOAD);
            m.visitInsn(Opcodes.LRETURN);
        }))).singleElement().asString().contains("T.run: local 1 holds a result array");

        assertThat(ResultArrayReuse.check(classWith(m -> {
            m.visitInsn(Opcodes.ICONST_1);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "results", "(I)[J", false);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "keep", "([J)J", false); // handed on to anything
            m.visitInsn(Opcodes.LRETURN);
        }))).singleElement().asString().contains("results's result is used by opcode " + Opcodes.INVOKESTATIC);
    }

    @Test
    void aLocalThatHoldsAResultAndLaterSomethingElseIsFine() {
        assertThat(ResultArrayReuse.check(classWith(m -> {
            m.visitInsn(Opcodes.ICONST_1);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "results", "(I)[J", false);
            m.visitVarInsn(Opcodes.ASTORE, 1);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitInsn(Opcodes.LALOAD);
            m.visitVarInsn(Opcodes.LSTORE, 2);
            m.visitInsn(Opcodes.ICONST_2);
            m.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_LONG);
            m.visitVarInsn(Opcodes.ASTORE, 1); // the local reused for an array of its own
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "T", "other", "()V", false);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.LALOAD);
            m.visitInsn(Opcodes.LRETURN);
        }))).isEmpty();
    }

    /** A class T with one static method {@code run()J} whose body {@code body} writes. */
    private static ClassNode classWith(java.util.function.Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, "T", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "run", "()J", null, null);
        m.visitCode();
        body.accept(m);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return ResultArrayReuse.read(writer.toByteArray());
    }
}
