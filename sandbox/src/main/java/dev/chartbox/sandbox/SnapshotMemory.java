package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A guest's linear memory that starts as a copy of a snapshot instead of the module's data
 * segments, and remembers whether the guest was ever refused more memory (so a run that fails
 * after hitting its cap ends MEMORY_EXCEEDED rather than FAILED).
 */
final class SnapshotMemory implements Memory {

    private final ByteArrayMemory memory;
    private final Snapshot snapshot;
    private volatile boolean growRefused;

    SnapshotMemory(Snapshot snapshot, int maxPages) {
        this.memory = new ByteArrayMemory(new MemoryLimits(snapshot.pages(), maxPages));
        this.snapshot = snapshot;
    }

    boolean growRefused() {
        return growRefused;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        restore();
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        restore();
    }

    /** Copies the snapshot's non-zero pages; the memory starts with the snapshot's page count, zeroed. */
    private void restore() {
        byte[] image = snapshot.memory();
        for (int page : snapshot.nonZeroPages()) {
            memory.write(page * PAGE_SIZE, image, page * PAGE_SIZE, PAGE_SIZE);
        }
    }

    @Override
    public void zero() {
        // a fresh ByteArrayMemory is zeroed already; the snapshot fills it
    }

    @Override
    public int grow(int size) {
        int previous = memory.grow(size);
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
        return memory.maximumPages();
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
