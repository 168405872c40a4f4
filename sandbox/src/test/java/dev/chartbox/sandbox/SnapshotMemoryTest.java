package dev.chartbox.sandbox;

import static com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SnapshotMemoryTest {

    /** A two-page snapshot whose first page holds a counting pattern and whose last byte is 0x7F. */
    private static Snapshot snapshot() {
        byte[] image = new byte[2 * PAGE_SIZE];
        for (int i = 0; i < PAGE_SIZE; i++) {
            image[i] = (byte) i;
        }
        image[image.length - 1] = 0x7F;
        return new Snapshot("test", 2, image, new long[0][], new int[] {0, 1});
    }

    @Test
    void startsAsACopyOfTheSnapshotThatWritesDoNotReachBack() {
        var snapshot = snapshot();
        var memory = new SnapshotMemory(snapshot);
        memory.zero(); // Chicory zeroes every memory before applying data segments: the snapshot must survive it
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.readInt(0)).isEqualTo(0x03020100); // little-endian
        assertThat(memory.read(2 * PAGE_SIZE - 1)).isEqualTo((byte) 0x7F);
        memory.writeI32(0, -1);
        assertThat(snapshot.memory()[0]).isZero();
        assertThat(new SnapshotMemory(snapshot).readInt(0)).isEqualTo(0x03020100);
    }

    @Test
    void readsAndWritesEveryWidthLittleEndian() {
        var memory = new SnapshotMemory(snapshot());
        memory.writeLong(100, 0x0102030405060708L);
        assertThat(memory.read(100)).isEqualTo((byte) 0x08);
        assertThat(memory.readShort(100)).isEqualTo((short) 0x0708);
        assertThat(memory.readU16(106)).isEqualTo(0x0102);
        assertThat(memory.readInt(104)).isEqualTo(0x01020304);
        memory.writeF64(200, 1.5);
        assertThat(memory.readDouble(200)).isEqualTo(1.5);
        assertThat(memory.readF64(200)).isEqualTo(Double.doubleToRawLongBits(1.5));
        memory.writeF32(300, -2.25f);
        assertThat(memory.readFloat(300)).isEqualTo(-2.25f);
        memory.writeShort(PAGE_SIZE - 1, (short) 0x2211); // across the page boundary, as a flat memory does not care
        assertThat(memory.read(PAGE_SIZE)).isEqualTo((byte) 0x22);
    }

    @Test
    void everyAccessPastTheSizeTrapsAsOutOfBounds() {
        var memory = new SnapshotMemory(snapshot());
        int size = 2 * PAGE_SIZE;
        assertThat(memory.readLong(size - 8)).isNotNull();
        assertOutOfBounds(() -> memory.read(size));
        assertOutOfBounds(() -> memory.readShort(size - 1));
        assertOutOfBounds(() -> memory.readInt(size - 3));
        assertOutOfBounds(() -> memory.readLong(size - 7));
        assertOutOfBounds(() -> memory.writeI32(-4, 1)); // an address that overflowed past 2 GiB arrives negative
        assertOutOfBounds(() -> memory.readDouble(Integer.MIN_VALUE));
        assertOutOfBounds(() -> memory.write(size - 2, new byte[3], 0, 3));
        assertOutOfBounds(() -> memory.readBytes(size - 2, 3));
        assertOutOfBounds(() -> memory.fill((byte) 1, size - 2, size + 1));
        assertOutOfBounds(() -> memory.copy(0, size - 2, 3));
        memory.copy(size, 0, 0); // an empty copy at the end is in bounds, as Wasm says
    }

    @Test
    void growingPastTheReserveKeepsTheContentAndTheNewPagesAreZero() {
        var memory = new SnapshotMemory(snapshot());
        int pages = 2 + 3 * SnapshotMemory.RESERVE_BYTES / PAGE_SIZE; // past the reserve made at restore, and past the next one
        memory.capAt(pages);
        for (int page = 2; page < pages; page += 16) {
            assertThat(memory.grow(16)).isEqualTo(page);
            assertThat(memory.readLong(page * PAGE_SIZE)).isZero();
            assertThat(memory.readLong(page * PAGE_SIZE + 16 * PAGE_SIZE - 8)).isZero();
            memory.writeLong(page * PAGE_SIZE, page);
            assertOutOfBounds(() -> memory.read(memory.pages() * PAGE_SIZE)); // reserved room is not addressable
        }
        assertThat(memory.pages()).isEqualTo(pages);
        assertThat(memory.readInt(0)).isEqualTo(0x03020100);
        assertThat(memory.read(2 * PAGE_SIZE - 1)).isEqualTo((byte) 0x7F);
        assertThat(memory.readLong(18 * PAGE_SIZE)).isEqualTo(18);
        assertThat(memory.readLong((pages - 16) * PAGE_SIZE)).isEqualTo(pages - 16);
    }

    @Test
    void aRestoreIntoAnEndedRunsArrayHoldsTheSnapshotAndZerosWhereTheRunWrote() {
        var snapshot = snapshot();
        var ended = new SnapshotMemory(snapshot);
        ended.capAt(4);
        ended.grow(2);
        ended.fill((byte) 0x5A, 0, 4 * PAGE_SIZE); // over the snapshot and the grown pages
        var spare = ended.surrender().orElseThrow();
        assertThat(ended.pages()).isZero();

        var next = new SnapshotMemory(snapshot, spare);
        next.capAt(4);
        assertThat(next.pages()).isEqualTo(2);
        assertThat(next.readInt(0)).isEqualTo(0x03020100);
        assertThat(next.read(PAGE_SIZE + 1)).isZero();
        assertThat(next.read(2 * PAGE_SIZE - 1)).isEqualTo((byte) 0x7F);
        next.grow(2);
        byte[] grown = next.readBytes(2 * PAGE_SIZE, 2 * PAGE_SIZE);
        assertThat(Arrays.equals(grown, new byte[grown.length])).as("the grown pages are zero").isTrue();
        next.write(0, new byte[] {1}, 0, 1);
        assertThat(snapshot.memory()[0]).isZero();
    }

    @Test
    void aMemoryGrownPastItsReserveSurrendersNothing() {
        var memory = new SnapshotMemory(snapshot());
        memory.capAt(2 + 2 * SnapshotMemory.RESERVE_BYTES / PAGE_SIZE);
        memory.grow(SnapshotMemory.RESERVE_BYTES / PAGE_SIZE + 1);
        assertThat(memory.surrender()).isEmpty();
        assertThat(new SnapshotMemory(snapshot(), new SnapshotMemory.Spare(new byte[PAGE_SIZE], PAGE_SIZE)).readInt(0))
                .as("an array of another length is not restored into").isEqualTo(0x03020100);
    }

    @Test
    void growingPastTheCapIsRefusedAndRemembered() {
        var memory = new SnapshotMemory(snapshot());
        memory.capAt(3);
        assertThat(memory.grow(1)).isEqualTo(2);
        assertThat(memory.growRefused()).isFalse();
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.grow(-1)).isEqualTo(-1); // 4 Gi pages, unsigned
        assertThat(memory.growRefused()).isTrue();
        assertThat(memory.pages()).isEqualTo(3);
    }

    @Test
    void copiesOverlappingRangesAsMemmove() {
        var memory = new SnapshotMemory(snapshot());
        memory.copy(1, 0, 8);
        assertThat(memory.readBytes(0, 9)).containsExactly(0, 0, 1, 2, 3, 4, 5, 6, 7);
        memory.copy(0, 2, 4);
        assertThat(memory.readBytes(0, 4)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void initialisesFromPassiveSegmentsUntilTheyAreDropped() {
        var memory = new SnapshotMemory(snapshot());
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        memory.initialize(null, new DataSegment[] {new PassiveDataSegment(hello)});
        memory.initPassiveSegment(0, 10, 1, 4);
        assertThat(memory.readBytes(10, 4)).isEqualTo("ello".getBytes(StandardCharsets.US_ASCII));
        assertOutOfBounds(() -> memory.initPassiveSegment(0, 10, 2, 4));
        memory.drop(0);
        assertOutOfBounds(() -> memory.initPassiveSegment(0, 10, 0, 1));
        assertThatThrownBy(() -> memory.initialize(null, new DataSegment[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWindowIsTheMemoryItself() {
        var memory = new SnapshotMemory(snapshot());
        memory.window(16, 4).put(new byte[] {9, 9, 9, 9});
        assertThat(memory.readInt(16)).isEqualTo(0x09090909);
        assertOutOfBounds(() -> memory.window(2 * PAGE_SIZE - 1, 2));
    }

    private static void assertOutOfBounds(Runnable access) {
        assertThatThrownBy(access::run).isInstanceOf(WasmRuntimeException.class).hasMessageContaining("out of bounds memory access");
    }
}
