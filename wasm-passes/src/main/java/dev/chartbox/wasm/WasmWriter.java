package dev.chartbox.wasm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that writes Wasm binary values (minimal LEB128 encodings). */
public final class WasmWriter {
    private byte[] buf = new byte[256];
    private int size;

    public int size() {
        return size;
    }

    public WasmWriter u8(int b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = (byte) b;
        return this;
    }

    public WasmWriter u32(long v) {
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    public WasmWriter s64(long v) {
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    /** An LEB128 padded to {@code width} bytes (0: minimal), as the producer wrote it. */
    public WasmWriter u32(long v, int width) {
        if (width == 0) {
            return u32(v);
        }
        for (int i = 0; i < width - 1; i++) {
            u8((int) ((v >>> (7 * i)) & 0x7F) | 0x80);
        }
        return u8((int) ((v >>> (7 * (width - 1))) & 0x7F));
    }

    public WasmWriter s64(long v, int width) {
        if (width == 0) {
            return s64(v);
        }
        for (int i = 0; i < width - 1; i++) {
            u8((int) ((v >> (7 * i)) & 0x7F) | 0x80);
        }
        return u8((int) ((v >> (7 * (width - 1))) & 0x7F));
    }

    public WasmWriter fixed(long v, int width) {
        for (int i = 0; i < width; i++) {
            u8((int) (v >>> (8 * i)));
        }
        return this;
    }

    public WasmWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public WasmWriter bytes(byte[] b, int from, int len) {
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        }
        System.arraycopy(b, from, buf, size, len);
        size += len;
        return this;
    }

    public WasmWriter name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        return bytes(b);
    }

    /** Writes {@code content} prefixed with its length (a section or a function body). */
    public WasmWriter sized(WasmWriter content) {
        u32(content.size);
        return bytes(content.buf, 0, content.size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    static int u32Size(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static int s64Size(long v) {
        return new WasmWriter().s64(v).size();
    }
}
