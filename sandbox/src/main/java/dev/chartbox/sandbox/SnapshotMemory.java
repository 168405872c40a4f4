package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A guest's linear memory that starts as a copy of a snapshot instead of the module's data
 * segments, and remembers whether the guest was ever refused more memory (so a run that fails
 * after hitting its cap ends MEMORY_EXCEEDED rather than FAILED).
 *
 * <p>Flat: one {@code byte[]} read and written through little-endian view handles, so a load or
 * store is one bounds check and one array access (Chicory's {@code ByteArrayMemory} is paged: a
 * page lookup, a page-boundary branch and two array checks per access). The array is reserved
 * ahead of the memory's size: {@link #RESERVE_BYTES} from the start (a chart grows its memory by a
 * few MiB: it never copies), then half as much again whenever the guest grows past it, never past
 * the run's cap, so a guest that grows a page at a time copies its memory a few times per run, not
 * at every grow. The bytes past the size are never readable (every access is checked against the
 * size, and traps past it as Wasm requires).
 *
 * <p>The copy is made when the memory is made, so it can be made ahead of demand
 * ({@link PreparedPool}); the run it then serves sets its cap ({@link #capAt}). A memory
 * serves exactly one instance: binding it to a second fails.
 */
final class SnapshotMemory implements Memory {

    /** Pages any run may reach: {@link Limits#MAXIMUM}, within what one Java array can hold. */
    static final int MAX_PAGES = (int) Math.min(Limits.MAXIMUM.memoryBytes() / PAGE_SIZE, RUNTIME_MAX_PAGES);

    /**
     * Room reserved past the snapshot's memory when it is restored: the least any run may grow to
     * ({@link ChicorySandbox#MIN_MEMORY_HEADROOM}), so the reserve never exceeds a run's cap. The
     * corpus' charts end 1–5 MiB above the snapshot.
     */
    static final int RESERVE_BYTES = (int) ChicorySandbox.MIN_MEMORY_HEADROOM;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final Snapshot snapshot;
    private final int initialPages;
    private byte[] bytes; // the memory's bytes, then zeros up to the reserve
    private int size; // bytes the guest may address: pages * PAGE_SIZE
    private volatile int maxPages = MAX_PAGES;
    private volatile boolean growRefused;
    private DataSegment[] dataSegments = new DataSegment[0];
    private final AtomicBoolean bound = new AtomicBoolean();

    /** A copy of the snapshot's memory, of its page count, with {@link #RESERVE_BYTES} reserved past it. */
    SnapshotMemory(Snapshot snapshot) {
        this(snapshot, null);
    }

    /**
     * The same copy, made in the array of an ended run's memory when there is one of the right
     * length ({@link #surrender()}): the snapshot is copied over what that run wrote, and the rest it
     * wrote is zeroed, so nothing of it can be read. A new array otherwise.
     */
    SnapshotMemory(Snapshot snapshot, Spare spare) {
        this.snapshot = snapshot;
        this.initialPages = snapshot.pages();
        byte[] image = snapshot.memory();
        int length = restoredLength(snapshot);
        if (spare != null && spare.bytes().length == length && spare.dirtyBytes() <= length) {
            System.arraycopy(image, 0, spare.bytes(), 0, image.length);
            if (spare.dirtyBytes() > image.length) {
                Arrays.fill(spare.bytes(), image.length, spare.dirtyBytes(), (byte) 0);
            }
            this.bytes = spare.bytes();
        } else {
            this.bytes = Arrays.copyOf(image, length);
        }
        this.size = image.length;
    }

    private static int restoredLength(Snapshot snapshot) {
        return (int) Math.min((long) snapshot.memory().length + RESERVE_BYTES, (long) MAX_PAGES * PAGE_SIZE);
    }

    /**
     * The array of a memory whose guest has ended, to restore the next run into: bytes up to
     * {@code dirtyBytes} may hold what the guest wrote, the rest are zero (every access is checked
     * against the size, so nothing was ever written past it).
     */
    record Spare(byte[] bytes, int dirtyBytes) {}

    /**
     * Gives up this memory's array for another restore, if it is still the one restored (a guest
     * that grew past the reserve has a bigger one, which is left to the collector). Call it only
     * once nothing runs in the memory any more: afterwards it has no pages, and every access fails.
     */
    Optional<Spare> surrender() {
        byte[] array = bytes;
        int dirty = size;
        bytes = new byte[0];
        size = 0;
        return array.length == restoredLength(snapshot) ? Optional.of(new Spare(array, dirty)) : Optional.empty();
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
        bind(dataSegments);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        bind(dataSegments);
    }

    /**
     * The snapshot is the memory's content already (the active segments were applied before it was
     * taken); what is left is to keep the passive segments for memory.init, and to make sure the
     * memory serves one instance.
     */
    private void bind(DataSegment[] segments) {
        if (!bound.compareAndSet(false, true)) {
            throw new IllegalStateException("a snapshot memory serves one instance only");
        }
        if (segments != null) {
            this.dataSegments = segments.clone();
        }
    }

    /** Chicory zeroes a memory before it applies the data segments: here the snapshot is the content. */
    @Override
    public void zero() {}

    @Override
    public int grow(int pages) {
        int previous = pages();
        long wanted = previous + Integer.toUnsignedLong(pages);
        if (wanted > maxPages) {
            growRefused = true;
            return -1;
        }
        int newSize = (int) (wanted * PAGE_SIZE);
        if (newSize > bytes.length) {
            long reserve = Math.max(newSize, Math.min((long) maxPages * PAGE_SIZE, bytes.length + (bytes.length >> 1)));
            bytes = Arrays.copyOf(bytes, (int) (reserve / PAGE_SIZE * PAGE_SIZE));
        }
        size = newSize;
        return previous;
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maxPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    // No threads in the guest, so no atomics: as Chicory's own unshared memories.

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public Object lock(int address) {
        throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("wait on an unshared memory");
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("wait on an unshared memory");
    }

    @Override
    @SuppressWarnings("removal") // abstract in Memory 1.x: must be implemented
    public int notify(int address, int maxThreads) {
        return 0;
    }

    /**
     * The address of an access of {@code width} bytes at {@code address}, or a trap if any of its
     * bytes lies past the memory's size. Chicory hands over {@code base + offset} as an int, negative
     * when it overflowed past 2 GiB: one unsigned comparison covers both ends.
     */
    private int checked(int address, int width) {
        if (Integer.compareUnsigned(address, size - width) > 0) {
            throw outOfBounds(address, width);
        }
        return address;
    }

    /** The same check for a range of bytes the guest or a host call names. */
    private void checkRange(int address, int length) {
        if (address < 0 || length < 0 || (long) address + length > size) {
            throw outOfBounds(address, length);
        }
    }

    private WasmRuntimeException outOfBounds(int address, int width) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                + Integer.toUnsignedString(address) + " but limit is: " + size + " and size: " + width);
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw outOfBounds(offset, length);
        }
        write(dest, data, offset, length);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        checkRange(addr, length);
        System.arraycopy(data, offset, bytes, addr, length);
    }

    /** A buffer over {@code length} bytes of the memory from {@code address}, for a host call to read into. */
    ByteBuffer window(int address, int length) {
        checkRange(address, length);
        return ByteBuffer.wrap(bytes, address, length);
    }

    @Override
    public byte read(int addr) {
        return bytes[checked(addr, 1)];
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkRange(addr, len);
        return Arrays.copyOfRange(bytes, addr, addr + len);
    }

    @Override
    public void writeI32(int addr, int data) {
        INT.set(bytes, checked(addr, 4), data);
    }

    @Override
    public int readInt(int addr) {
        return (int) INT.get(bytes, checked(addr, 4));
    }

    @Override
    public void writeLong(int addr, long data) {
        LONG.set(bytes, checked(addr, 8), data);
    }

    @Override
    public long readLong(int addr) {
        return (long) LONG.get(bytes, checked(addr, 8));
    }

    @Override
    public void writeShort(int addr, short data) {
        SHORT.set(bytes, checked(addr, 2), data);
    }

    @Override
    public short readShort(int addr) {
        return (short) SHORT.get(bytes, checked(addr, 2));
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(int addr, byte data) {
        bytes[checked(addr, 1)] = data;
    }

    @Override
    public void writeF32(int addr, float data) {
        FLOAT.set(bytes, checked(addr, 4), data);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        return (float) FLOAT.get(bytes, checked(addr, 4));
    }

    @Override
    public void writeF64(int addr, double data) {
        DOUBLE.set(bytes, checked(addr, 8), data);
    }

    @Override
    public double readDouble(int addr) {
        return (double) DOUBLE.get(bytes, checked(addr, 8));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        checkRange(fromIndex, toIndex - fromIndex);
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int dest, int src, int length) {
        checkRange(dest, length);
        checkRange(src, length);
        System.arraycopy(bytes, src, bytes, dest, length); // overlapping ranges copy as memmove
    }
}
