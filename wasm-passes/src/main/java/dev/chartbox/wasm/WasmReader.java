package dev.chartbox.wasm;

/** A cursor over Wasm binary bytes: fixed-width values and LEB128 integers. */
public final class WasmReader {
    private final byte[] bytes;
    private int pos;
    private final int end;

    public WasmReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public WasmReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
    }

    public int position() {
        return pos;
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int u8() {
        if (pos >= end) {
            throw new WasmFormatException("unexpected end at byte " + pos);
        }
        return bytes[pos++] & 0xFF;
    }

    private int lebStart;

    /** Bytes taken by the last LEB128 read: producers pad some (relocations) to 5 or 10 bytes. */
    public int lastLebLength() {
        return pos - lebStart;
    }

    public long u32() {
        lebStart = pos;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 35) {
                throw new WasmFormatException("u32 LEB too long at byte " + pos);
            }
        }
    }

    public int u32int() {
        return Math.toIntExact(u32());
    }

    /** Signed LEB128 of up to 64 bits (also used for s32 and s33 block types). */
    public long s64() {
        lebStart = pos;
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && shift < 70);
        if ((b & 0x80) != 0) {
            throw new WasmFormatException("signed LEB too long at byte " + pos);
        }
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    public long fixed(int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    public byte[] bytes(int n) {
        if (pos + n > end) {
            throw new WasmFormatException("unexpected end at byte " + pos);
        }
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return out;
    }

    public String name() {
        return new String(bytes(u32int()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
