package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import io.roastedroot.zerofs.Configuration;
import io.roastedroot.zerofs.ZeroFs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds on each WASI call, checked against Chicory's real WASI implementation on a real
 * in-memory file system, with arguments a guest could pass but CPython never would.
 */
class BoundedWasiTest {

    /** A module with nothing but a 4 MiB memory. */
    private static final byte[] MEMORY_ONLY_MODULE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x40};

    private static final int DIR_FD = 3; // the one preopen, after stdin, stdout, stderr
    private static final int IOVS = 0;
    private static final int RESULT = 64;
    private static final int PATH = 128;
    private static final int BUFFER = 4096;
    private static final int FILES_ALLOWED = 3;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private FileSystem files;
    private WasiPreview1 wasi;
    private BoundedWasi bounded;
    private Map<String, HostFunction> calls;
    private Instance instance;
    private Memory memory;

    @BeforeEach
    void setUp() throws IOException {
        files = ZeroFs.newFileSystem(Configuration.unix());
        Path root = files.getPath("/root");
        Files.createDirectories(root);
        Files.write(root.resolve("two-mib.bin"), new byte[2 << 20]);
        wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder().withStdout(stdout).withDirectory("/", root).build())
                .build();
        bounded = new BoundedWasi(FILES_ALLOWED);
        calls = Arrays.stream(bounded.bound(wasi.toHostFunctions())).collect(Collectors.toMap(HostFunction::name, f -> f));
        instance = Instance.builder(Parser.parse(MEMORY_ONLY_MODULE)).build();
        memory = instance.memory();
    }

    @AfterEach
    void tearDown() throws IOException {
        wasi.close();
        files.close();
    }

    private long call(String name, long... args) {
        return calls.get(name).handle().apply(instance, args)[0];
    }

    private void iovec(int index, int base, int length) {
        memory.writeI32(IOVS + index * 8, base);
        memory.writeI32(IOVS + index * 8 + 4, length);
    }

    private long path(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        memory.write(PATH, bytes);
        return bytes.length;
    }

    private long open(String path, int oflags) {
        long errno = call("path_open", DIR_FD, 0, PATH, path(path), oflags, -1L, -1L, 0, RESULT);
        return errno == 0 ? memory.readInt(RESULT) : -errno;
    }

    private long memorySize() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    @Test
    void aWriteOfMoreThanOneChunkIsServedShortAndTheGuestsIovecIsLeftAsItWas() {
        iovec(0, BUFFER, 3 << 20);

        assertThat(call("fd_write", 1, IOVS, 1, RESULT)).isZero();

        assertThat(memory.readInt(RESULT)).isEqualTo(BoundedWasi.IO_CHUNK_BYTES);
        assertThat(stdout.size()).isEqualTo(BoundedWasi.IO_CHUNK_BYTES);
        assertThat(memory.readInt(IOVS + 4)).isEqualTo(3 << 20);
    }

    @Test
    void aChunkSpreadOverSeveralIovecsIsCutInsideTheOneThatCrossesIt() {
        iovec(0, BUFFER, 600 << 10);
        iovec(1, BUFFER, 600 << 10);
        iovec(2, BUFFER, 600 << 10);

        assertThat(call("fd_write", 1, IOVS, 3, RESULT)).isZero();

        assertThat(memory.readInt(RESULT)).isEqualTo(BoundedWasi.IO_CHUNK_BYTES);
        assertThat(memory.readInt(IOVS + 8 + 4)).isEqualTo(600 << 10);
    }

    @Test
    void aReadIntoABufferLargerThanOneChunkReadsOneChunk() {
        long fd = open("two-mib.bin", 0);
        iovec(0, BUFFER, 3 << 20);

        assertThat(call("fd_read", fd, IOVS, 1, RESULT)).isZero();

        assertThat(memory.readInt(RESULT)).isEqualTo(BoundedWasi.IO_CHUNK_BYTES);
    }

    @Test
    void morePlacesToReadOrWriteThanIovMaxAreRefused() {
        assertThat(call("fd_write", 1, IOVS, BoundedWasi.IOV_MAX + 1, RESULT)).isEqualTo(BoundedWasi.EINVAL);
        assertThat(call("fd_read", 0, IOVS, 0xFFFFFFFFL, RESULT)).isEqualTo(BoundedWasi.EINVAL);
    }

    @Test
    void anIovecOutsideTheGuestsMemoryIsAFault() {
        iovec(0, (int) memorySize() - 10, 100);

        assertThat(call("fd_write", 1, IOVS, 1, RESULT)).isEqualTo(BoundedWasi.EFAULT);
        assertThat(call("fd_write", 1, memorySize() - 4, 1, RESULT)).isEqualTo(BoundedWasi.EFAULT);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void aPathLongerThanPathMaxIsRefusedInEveryPathCall() {
        long tooLong = BoundedWasi.PATH_MAX + 1;

        assertThat(call("path_filestat_get", DIR_FD, 0, PATH, tooLong, BUFFER)).isEqualTo(BoundedWasi.ENAMETOOLONG);
        assertThat(call("path_open", DIR_FD, 0, PATH, tooLong, 1, -1L, -1L, 0, RESULT)).isEqualTo(BoundedWasi.ENAMETOOLONG);
        assertThat(call("path_create_directory", DIR_FD, PATH, 0x7FFFFFFFL)).isEqualTo(BoundedWasi.ENAMETOOLONG);
        assertThat(call("path_rename", DIR_FD, PATH, 4, DIR_FD, PATH, tooLong)).isEqualTo(BoundedWasi.ENAMETOOLONG);
        assertThat(call("path_symlink", PATH, tooLong, DIR_FD, PATH, 4)).isEqualTo(BoundedWasi.ENAMETOOLONG);
        assertThat(call("path_unlink_file", DIR_FD, PATH, tooLong)).isEqualTo(BoundedWasi.ENAMETOOLONG);
    }

    @Test
    void aPathOutsideTheGuestsMemoryIsAFault() {
        assertThat(call("path_filestat_get", DIR_FD, 0, memorySize() - 2, 10, BUFFER)).isEqualTo(BoundedWasi.EFAULT);
    }

    @Test
    void openDescriptorsStopAtTheLimitAndClosingOneFreesItsPlace() {
        long last = 0;
        for (int i = 0; i < BoundedWasi.MAX_OPEN_FILES; i++) {
            last = open("two-mib.bin", 0);
            assertThat(last).isPositive();
        }

        assertThat(open("two-mib.bin", 0)).isEqualTo(-BoundedWasi.EMFILE);
        assertThat(call("fd_close", last)).isZero();
        assertThat(open("two-mib.bin", 0)).isPositive();
    }

    @Test
    void directoriesSymbolicLinksHardLinksAndFilesAllCountTowardTheQuota() {
        assertThat(call("path_create_directory", DIR_FD, PATH, path("dir"))).isZero();
        long target = path("two-mib.bin");
        assertThat(call("path_symlink", PATH, target, DIR_FD, PATH + 64, writeAt(PATH + 64, "symlink"))).isZero();
        assertThat(call("path_link", DIR_FD, 0, PATH, target, DIR_FD, PATH + 64, writeAt(PATH + 64, "hardlink"))).isZero();
        assertThat(bounded.fileQuotaHit()).isFalse();

        assertThat(open("new.txt", 1)).isEqualTo(-BoundedWasi.EDQUOT);
        assertThat(call("path_create_directory", DIR_FD, PATH, path("another"))).isEqualTo(BoundedWasi.EDQUOT);
        assertThat(bounded.fileQuotaHit()).isTrue();
    }

    private long writeAt(int address, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        memory.write(address, bytes);
        return bytes.length;
    }

    @Test
    void callsChicoryDoesNotImplementAnswerEnosys() {
        assertThat(call("sock_accept", 3, 0, RESULT)).isEqualTo(BoundedWasi.ENOSYS);
        assertThat(call("proc_raise", 9)).isEqualTo(BoundedWasi.ENOSYS);
    }

    @Test
    void aRandomFillOutsideTheGuestsMemoryIsAFault() {
        assertThat(call("random_get", BUFFER, memorySize())).isEqualTo(BoundedWasi.EFAULT);
        assertThat(call("random_get", BUFFER, 1024)).isZero();
    }
}
