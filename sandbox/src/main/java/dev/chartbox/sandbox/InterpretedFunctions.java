package dev.chartbox.sandbox;

import com.dylibso.chicory.wasm.WasmModule;
import dev.chartbox.sandbox.GuestInfo.InterpretedFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest functions Chicory's build-time compiler left to its interpreter. The compiler strips
 * the body of every function it compiled from the module it ships (Python.meta), so the bodies
 * that remain there are exactly the interpreted ones.
 */
final class InterpretedFunctions {

    /** A stripped body is a few bytes (no locals, {@code unreachable end}); a real one is larger. */
    private static final int STRIPPED_BODY_MAX_BYTES = 16;

    private InterpretedFunctions() {}

    /** The interpreted functions of {@code module}, parsed from {@code wasm} (Python.meta). */
    static List<InterpretedFunction> of(byte[] wasm, WasmModule module) {
        int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        var names = module.nameSection();
        var found = new ArrayList<InterpretedFunction>();
        var reader = new Reader(wasm);
        reader.pos = 8; // magic and version
        while (reader.pos < wasm.length) {
            int id = wasm[reader.pos++];
            int size = (int) reader.leb();
            int end = reader.pos + size;
            if (id == 10) { // the code section
                long count = reader.leb();
                for (int i = 0; i < count; i++) {
                    int bodySize = (int) reader.leb();
                    if (bodySize > STRIPPED_BODY_MAX_BYTES) {
                        int index = imported + i;
                        String name = names == null ? null : names.nameOfFunction(index);
                        found.add(new InterpretedFunction(index, name == null ? "func[" + index + "]" : name, bodySize,
                                "its JVM method would exceed the JVM's 64 KiB method size limit"));
                    }
                    reader.pos += bodySize;
                }
            }
            reader.pos = end;
        }
        return List.copyOf(found);
    }

    private static final class Reader {
        final byte[] bytes;
        int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long leb() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[pos++] & 0xff;
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        }
    }
}
