package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A live guest's state, frozen after the interpreter started and imported numpy, pandas and
 * matplotlib: its linear memory and its globals. A new instance restored from it is ready to run
 * user code at once. Tables need no capture: the guest never changes its function table.
 *
 * <p>The file format: magic, the key that says what the snapshot was made from, the page count,
 * the globals, then the non-zero pages, deflated.
 *
 * @param key     what it was made from (guest sha256, prelude sha256, format); a snapshot is only
 *                restored into the guest it was made from
 * @param pages   linear memory size in 64 KiB pages
 * @param memory  the linear memory ({@code pages * 65536} bytes)
 * @param globals every global's low and high 64 bits, in index order
 * @param nonZeroPages the pages that hold anything, ascending: the only ones a restore copies
 */
record Snapshot(String key, int pages, byte[] memory, long[][] globals, int[] nonZeroPages) {

    private static final String MAGIC = "chartbox-snapshot-1";
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static Snapshot capture(String key, Instance instance) {
        Memory memory = instance.memory();
        int pages = memory.pages();
        byte[] bytes = memory.readBytes(0, pages * Memory.PAGE_SIZE);
        long[][] globals = new long[instance.globalCount()][];
        for (int i = 0; i < globals.length; i++) {
            var g = instance.global(i);
            globals[i] = new long[] {g.getValueLow(), g.getValueHigh()};
        }
        int[] nonZero = IntStream.range(0, pages).filter(page -> !isZero(bytes, page)).toArray();
        return new Snapshot(key, pages, bytes, globals, nonZero);
    }

    void writeTo(OutputStream out) throws IOException {
        var data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeUTF(MAGIC);
        data.writeUTF(key);
        data.writeInt(pages);
        data.writeInt(globals.length);
        for (long[] g : globals) {
            data.writeLong(g[0]);
            data.writeLong(g[1]);
        }
        data.flush();
        var deflater = new Deflater(Deflater.BEST_SPEED);
        var pagesOut = new DataOutputStream(new DeflaterOutputStream(out, deflater, 1 << 16));
        for (int page : nonZeroPages) {
            pagesOut.writeInt(page);
            pagesOut.write(memory, page * Memory.PAGE_SIZE, Memory.PAGE_SIZE);
        }
        pagesOut.writeInt(-1);
        pagesOut.close();
        deflater.end();
    }

    static Snapshot readFrom(InputStream in) throws IOException {
        var data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        if (!MAGIC.equals(data.readUTF())) {
            throw new IOException("not a chartbox snapshot");
        }
        String key = data.readUTF();
        int pages = data.readInt();
        long[][] globals = new long[data.readInt()][];
        for (int i = 0; i < globals.length; i++) {
            globals[i] = new long[] {data.readLong(), data.readLong()};
        }
        byte[] memory = new byte[pages * Memory.PAGE_SIZE];
        var pagesIn = new DataInputStream(new InflaterInputStream(data, new Inflater(), 1 << 16));
        var nonZero = IntStream.builder();
        for (int page; (page = pagesIn.readInt()) >= 0; ) {
            pagesIn.readFully(memory, page * Memory.PAGE_SIZE, Memory.PAGE_SIZE);
            nonZero.add(page);
        }
        return new Snapshot(key, pages, memory, globals, nonZero.build().toArray());
    }

    private static boolean isZero(byte[] memory, int page) {
        int from = page * Memory.PAGE_SIZE;
        for (int i = from; i < from + Memory.PAGE_SIZE; i += Long.BYTES) {
            if ((long) LONGS.get(memory, i) != 0) {
                return false;
            }
        }
        return true;
    }

    long memoryBytes() {
        return (long) pages * Memory.PAGE_SIZE;
    }
}
