package dev.chartbox.sandbox;

import com.dylibso.chicory.wasm.WasmModule;
import dev.chartbox.sandbox.SandboxResult.PythonError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a throwable that ended the guest says about the program. Whatever the guest's own code
 * throws is the program's crash: a Wasm trap (out-of-bounds memory, integer divide by zero,
 * unreachable, indirect call type mismatch, ...), the JVM stack exhausted by deep recursion, an
 * exception a host call threw for the arguments the guest gave it. Running the program again
 * would crash it again, so these end FAILED, never INTERNAL_ERROR, and are never retried. Only
 * the JVM's own failures (out of heap, a class that fails to link) are chartbox's.
 */
final class GuestCrash {

    /** The error type of a crash, beside Python's own exception types. */
    static final String TYPE = "WebAssemblyTrap";

    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_(\\d+)");

    private GuestCrash() {}

    /** The program's crash, or empty when the throwable is chartbox's failure rather than the program's. */
    static Optional<PythonError> describe(Throwable thrown, WasmModule module) {
        if (exhaustedStack(thrown)) {
            return Optional.of(new PythonError("RecursionError",
                    "the program crashed: it recursed too deeply and exhausted the sandbox's stack" + where(thrown, module), ""));
        }
        if (!(thrown instanceof RuntimeException)) {
            return Optional.empty(); // OutOfMemoryError, LinkageError, ...: the JVM's, not the program's
        }
        return Optional.of(new PythonError(TYPE, "the program crashed: " + what(thrown) + where(thrown, module), ""));
    }

    private static boolean exhaustedStack(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    private static String what(Throwable thrown) {
        if (thrown instanceof ArithmeticException) {
            return "integer divide by zero"; // the JVM's idiv traps as Wasm's i32.div_s does
        }
        String message = thrown.getMessage();
        if (message == null || message.isBlank()) {
            return thrown.getClass().getSimpleName();
        }
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }

    /** " in <function> (Wasm function N)" for the innermost guest function on the stack, or "". */
    private static String where(Throwable thrown, WasmModule module) {
        for (StackTraceElement frame : thrown.getStackTrace()) {
            Matcher m = COMPILED_FUNCTION.matcher(frame.getMethodName());
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                String name = module.nameSection() == null ? null : module.nameSection().nameOfFunction(index);
                return name == null ? " in Wasm function " + index : " in " + name + " (Wasm function " + index + ")";
            }
        }
        return "";
    }
}
