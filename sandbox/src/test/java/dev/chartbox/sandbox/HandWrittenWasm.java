package dev.chartbox.sandbox;

import java.io.ByteArrayOutputStream;

/** Small Wasm modules written byte by byte, for tests that need one exact shape. */
final class HandWrittenWasm {

    private final ByteArrayOutputStream module = new ByteArrayOutputStream();

    HandWrittenWasm() {
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}); // magic, version 1
    }

    HandWrittenWasm section(int id, byte[] content) {
        module.write(id);
        module.write(content.length); // every section here is under 128 bytes: a one-byte LEB128
        module.writeBytes(content);
        return this;
    }

    /** The code section (10) of these function bodies, each its locals, instructions and {@code end}. */
    HandWrittenWasm code(byte[]... bodies) {
        var code = new ByteArrayOutputStream();
        code.write(bodies.length);
        for (byte[] body : bodies) {
            code.write(body.length);
            code.writeBytes(body);
        }
        return section(10, code.toByteArray());
    }

    byte[] bytes() {
        return module.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
