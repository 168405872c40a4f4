package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A guest's linear memory that starts as a copy of a snapshot instead of the module's data
 * segments, and remembers whether the guest was ever refused more memory (so a run that fails
 * after hitting its cap ends MEMORY_EXCEEDED rather than FAILED).
 *
 * <p>The copy is made when the memory is made, so it can be made ahead of demand
 * ({@link PreparedPool}); the run it then serves sets its cap ({@link #capAt}). A memory
 * serves exactly one instance: binding it to a second fails.
 */
final class SnapshotMemory implements Memory {

    /** Pages any run may reach ({@link Limits#MAXIMUM}); a run's own cap is set by {@link #capAt}. */
    static final int MAX_PAGES = (int) (Limits.MAXIMUM.memoryBytes() / PAGE_SIZE);

    private final ByteArrayMemory memory;
    private final Snapshot snapshot;
    private volatile int maxPages = MAX_PAGES;
    private volatile boolean growRefused;
    private final AtomicBoolean bound = new AtomicBoolean();

    /** A copy of the snapshot's memory: its page count, its non-zero pages copied, the rest zero. */
    SnapshotMemory(Snapshot snapshot) {
        this.memory = new ByteArrayMemory(new MemoryLimits(snapshot.pages(), MAX_PAGES));
        this.snapshot = snapshot;
        byte[] image = snapshot.memory();
        for (int page : snapshot.nonZeroPages()) {
            memory.write(page * PAGE_SIZE, image, page * PAGE_SIZE, PAGE_SIZE);
        }
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Caps the memory the guest may grow to, for the run this memory serves. */
    void capAt(int pages) {
        if (pages < snapshot.pages() || pages > MAX_PAGES) {
            throw new IllegalArgumentException("a cap of " + pages + " pages is outside " + snapshot.pages() + ".." + MAX_PAGES);
        }
        this.maxPages = pages;
    }

    boolean growRefused() {
        return growRefused;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        bind();
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        bind();
    }

    /** The snapshot is the memory's content already; what is left is to make sure it serves one instance. */
    private void bind() {
        if (!bound.compareAndSet(false, true)) {
            throw new IllegalStateException("a snapshot memory serves one instance only");
        }
    }

    @Override
    public void zero() {
        // a fresh ByteArrayMemory is zeroed already; the snapshot fills it
    }

    @Override
    public int grow(int size) {
        int previous = memory.pages() + Integer.toUnsignedLong(size) > maxPages ? -1 : memory.grow(size);
        if (previous < 0) {
            growRefused = true;
        }
        return previous;
    }

    // Everything else is the plain memory's.

    @Override
    public int pages() {
        return memory.pages();
    }

    @Override
    public int initialPages() {
        return memory.initialPages();
    }

    @Override
    public int maximumPages() {
        return maxPages;
    }

    @Override
    public boolean shared() {
        return memory.shared();
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public Object lock(int address) {
        return memory.lock(address);
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int waitOn(int address, int expected, long timeout) {
        return memory.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int waitOn(int address, long expected, long timeout) {
        return memory.waitOn(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int notify(int address, int maxThreads) {
        return memory.notify(address, maxThreads);
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        memory.initPassiveSegment(segmentId, dest, offset, size);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        memory.write(addr, data, offset, size);
    }

    @Override
    public byte read(int addr) {
        return memory.read(addr);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        return memory.readBytes(addr, len);
    }

    @Override
    public void writeI32(int addr, int data) {
        memory.writeI32(addr, data);
    }

    @Override
    public int readInt(int addr) {
        return memory.readInt(addr);
    }

    @Override
    public void writeLong(int addr, long data) {
        memory.writeLong(addr, data);
    }

    @Override
    public long readLong(int addr) {
        return memory.readLong(addr);
    }

    @Override
    public void writeShort(int addr, short data) {
        memory.writeShort(addr, data);
    }

    @Override
    public short readShort(int addr) {
        return memory.readShort(addr);
    }

    @Override
    public long readU16(int addr) {
        return memory.readU16(addr);
    }

    @Override
    public void writeByte(int addr, byte data) {
        memory.writeByte(addr, data);
    }

    @Override
    public void writeF32(int addr, float data) {
        memory.writeF32(addr, data);
    }

    @Override
    public long readF32(int addr) {
        return memory.readF32(addr);
    }

    @Override
    public float readFloat(int addr) {
        return memory.readFloat(addr);
    }

    @Override
    public void writeF64(int addr, double data) {
        memory.writeF64(addr, data);
    }

    @Override
    public double readDouble(int addr) {
        return memory.readDouble(addr);
    }

    @Override
    public long readF64(int addr) {
        return memory.readF64(addr);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        memory.fill(value, fromIndex, toIndex);
    }

    @Override
    public void copy(int dest, int src, int size) {
        memory.copy(dest, src, size);
    }

    @Override
    public void drop(int segment) {
        memory.drop(segment);
    }
}
