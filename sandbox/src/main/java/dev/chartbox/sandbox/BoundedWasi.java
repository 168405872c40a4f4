package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.ProviderMismatchException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Chicory's WASI host functions with every size the guest chooses bounded before the host acts on
 * it. The guest picks each argument of each WASI call (a path's length, an iovec's count and
 * lengths, a buffer to fill); Chicory's implementation trusts them and allocates to match (a Java
 * {@code String} of an 80 MB path, a {@code byte[]} of a 1 GiB read), outside the guest's memory
 * cap and outside any deadline. Here every call is checked first, and refused with the errno a
 * POSIX system would give:
 *
 * <ul>
 *   <li>paths longer than {@value #PATH_MAX} bytes: ENAMETOOLONG;
 *   <li>pointers or lengths outside the guest's memory: EFAULT;
 *   <li>more than {@value #IOV_MAX} iovecs: EINVAL; reads and writes move at most
 *       {@value #IO_CHUNK_BYTES} bytes per call (a short read or write, which callers loop on);
 *   <li>more than {@value #MAX_OPEN_FILES} descriptors open: EMFILE;
 *   <li>files, directories, symbolic and hard links created past the run's quota: EDQUOT;
 *   <li>a write that fails on a full file system: ENOSPC (Chicory answers any I/O error EIO), and
 *       the run is marked as having filled it (the driver's report may free space after);
 *   <li>calls Chicory does not implement (sockets, signals): ENOSYS, not an exception.
 * </ul>
 *
 * So one host call costs at most a few MiB of heap and a few milliseconds, whatever the guest
 * asks, and the deadline (checked between calls) holds. Single-threaded, like the guest.
 */
final class BoundedWasi {

    /** Longest path a call may pass, in bytes (Linux's PATH_MAX). */
    static final int PATH_MAX = 4096;

    /** Most iovecs one read or write may pass (Linux's IOV_MAX). */
    static final int IOV_MAX = 1024;

    /** Most bytes one read, write or random fill moves; larger requests become short reads and writes. */
    static final int IO_CHUNK_BYTES = 1 << 20;

    /** Most descriptors open at once, beside stdin, stdout, stderr and the preopens. */
    static final int MAX_OPEN_FILES = 1024;

    /** Most events one poll_oneoff may wait for. */
    static final int MAX_SUBSCRIPTIONS = 1024;

    // WASI preview 1's errno numbers (Chicory's WasiErrno is not public)
    static final int EBADF = 8;
    static final int EDQUOT = 19;
    static final int EFAULT = 21;
    static final int EINVAL = 28;
    static final int EIO = 29;
    static final int EMFILE = 33;
    static final int ENAMETOOLONG = 37;
    static final int ENOSPC = 51;
    static final int ENOSYS = 52;
    static final int ENOTSUP = 58;
    static final int EXDEV = 75;

    private static final int WASI_O_CREAT = 1;

    /** (pointer, length) argument positions of each call's paths. */
    private static final Map<String, int[]> PATH_ARGUMENTS = Map.ofEntries(
            Map.entry("path_create_directory", new int[] {1, 2}),
            Map.entry("path_filestat_get", new int[] {2, 3}),
            Map.entry("path_filestat_set_times", new int[] {2, 3}),
            Map.entry("path_link", new int[] {2, 3, 5, 6}),
            Map.entry("path_open", new int[] {2, 3}),
            Map.entry("path_readlink", new int[] {1, 2}),
            Map.entry("path_remove_directory", new int[] {1, 2}),
            Map.entry("path_rename", new int[] {1, 2, 4, 5}),
            Map.entry("path_symlink", new int[] {0, 1, 3, 4}),
            Map.entry("path_unlink_file", new int[] {1, 2}));

    /** Calls that make a new directory entry, so count toward the quota of files created. */
    private static final Set<String> CREATING = Set.of("path_create_directory", "path_symlink", "path_link");

    /** Calls Chicory answers by throwing: unimplemented, so the guest gets ENOSYS. */
    private static final Set<String> UNIMPLEMENTED = Set.of(
            "sock_accept", "sock_recv", "sock_send", "sock_shutdown", "proc_raise", "adapter_open_badfd", "adapter_close_badfd");

    /** Calls that write file content, so fail on a full file system. */
    private static final Set<String> WRITING = Set.of("fd_write", "fd_pwrite", "fd_allocate", "fd_filestat_set_size");

    private final int maxFilesCreated;
    private final BooleanSupplier diskFull;
    private final Set<Integer> openFiles = new HashSet<>();
    private int filesCreated;
    private volatile boolean fileQuotaHit;
    private volatile boolean diskFullHit;

    /**
     * @param maxFilesCreated entries the guest may create
     * @param diskFull        whether the guest's file system is full now (asked when a write fails)
     */
    BoundedWasi(int maxFilesCreated, BooleanSupplier diskFull) {
        this.maxFilesCreated = maxFilesCreated;
        this.diskFull = diskFull;
    }

    /** Whether the guest was refused a new file because of the quota. */
    boolean fileQuotaHit() {
        return fileQuotaHit;
    }

    /** Whether a write of the guest's failed because its file system was full. */
    boolean diskFullHit() {
        return diskFullHit;
    }

    HostFunction[] bound(HostFunction[] functions) {
        var out = new HostFunction[functions.length];
        for (int i = 0; i < functions.length; i++) {
            out[i] = bound(functions[i]);
        }
        return out;
    }

    private HostFunction bound(HostFunction f) {
        String name = f.name();
        if (f.functionType().returns().isEmpty()) {
            return f; // proc_exit: nothing to bound, and no errno to answer with
        }
        if (UNIMPLEMENTED.contains(name)) {
            return with(f, (inst, args) -> errno(ENOSYS));
        }
        int[] paths = PATH_ARGUMENTS.getOrDefault(name, new int[0]);
        Call inner = switch (name) {
            case "fd_read", "fd_write", "fd_pread", "fd_pwrite" -> chunkedIo(f);
            case "random_get" -> (inst, args) -> inMemory(inst.memory(), args[0], args[1] & 0xFFFFFFFFL)
                    ? call(f, inst, args) : errno(EFAULT); // Chicory fills it 4 KiB at a time
            case "poll_oneoff" -> (inst, args) -> args[2] > MAX_SUBSCRIPTIONS ? errno(EINVAL) : call(f, inst, args);
            case "path_open" -> (inst, args) -> opened(f, inst, args);
            case "fd_close" -> (inst, args) -> closed(f, inst, args, (int) args[0]);
            case "fd_renumber" -> (inst, args) -> closed(f, inst, args, (int) args[0]);
            default -> CREATING.contains(name) ? (inst, args) -> created(f, inst, args) : (inst, args) -> call(f, inst, args);
        };
        Call counted = WRITING.contains(name) ? (inst, args) -> writing(inner, inst, args) : inner;
        Call checked = (inst, args) -> {
            for (int p = 0; p < paths.length; p += 2) {
                long pointer = args[paths[p]];
                long length = args[paths[p + 1]] & 0xFFFFFFFFL;
                if (length > PATH_MAX) {
                    return errno(ENAMETOOLONG);
                }
                if (!inMemory(inst.memory(), pointer, length)) {
                    return errno(EFAULT);
                }
            }
            return counted.apply(inst, args);
        };
        return with(f, checked);
    }

    @FunctionalInterface
    private interface Call {
        long[] apply(Instance instance, long[] args);
    }

    private static HostFunction with(HostFunction f, Call call) {
        return new HostFunction(f.module(), f.name(), f.functionType(), call::apply);
    }

    /**
     * Calls Chicory's implementation, answering as errnos the unchecked exceptions its file systems
     * throw for what a guest may legitimately try: linking or renaming between the shared library
     * and its own files, truncating a file opened for reading, passing a pointer past its memory.
     */
    private static long[] call(HostFunction f, Instance instance, long[] args) {
        try {
            return f.handle().apply(instance, args);
        } catch (ProviderMismatchException e) {
            return errno(EXDEV); // between the library and the run's own file system
        } catch (NonWritableChannelException | NonReadableChannelException e) {
            return errno(EBADF);
        } catch (UnsupportedOperationException e) {
            return errno(ENOTSUP);
        } catch (IllegalArgumentException e) {
            return errno(EINVAL);
        } catch (WasmRuntimeException e) {
            // Chicory's WASI reads and writes guest memory at the guest's addresses; its other
            // WasmRuntimeException is an unhandled descriptor kind (e.g. fd_filestat_get on a preopen)
            return errno(e.getMessage() != null && e.getMessage().contains("out of bounds") ? EFAULT : ENOTSUP);
        }
    }

    /**
     * fd_read, fd_write, fd_pread, fd_pwrite: at most {@value #IOV_MAX} iovecs, each inside memory,
     * and at most {@value #IO_CHUNK_BYTES} bytes per call. A larger request is served short: the
     * iovec that crosses the chunk is shortened in guest memory for the call (the guest is blocked
     * in it, so nothing else sees the change) and restored after.
     */
    private static Call chunkedIo(HostFunction f) {
        return (inst, args) -> {
            Memory memory = inst.memory();
            long iovs = args[1];
            long count = args[2] & 0xFFFFFFFFL;
            if (count > IOV_MAX) {
                return errno(EINVAL);
            }
            if (!inMemory(memory, iovs, count * 8)) {
                return errno(EFAULT);
            }
            long total = 0;
            for (int i = 0; i < count; i++) {
                int entry = (int) iovs + i * 8;
                long base = memory.readInt(entry) & 0xFFFFFFFFL;
                long length = memory.readInt(entry + 4) & 0xFFFFFFFFL;
                if (!inMemory(memory, base, length)) {
                    return errno(EFAULT);
                }
                if (total + length > IO_CHUNK_BYTES) {
                    return shortened(f, inst, args, entry, i, (int) (IO_CHUNK_BYTES - total));
                }
                total += length;
            }
            return call(f, inst, args);
        };
    }

    private static long[] shortened(HostFunction f, Instance inst, long[] args, int entry, int index, int keep) {
        Memory memory = inst.memory();
        long[] fewer = args.clone();
        if (keep == 0) {
            fewer[2] = index;
            return call(f, inst, fewer);
        }
        int original = memory.readInt(entry + 4);
        memory.writeI32(entry + 4, keep);
        fewer[2] = index + 1;
        try {
            return call(f, inst, fewer);
        } finally {
            memory.writeI32(entry + 4, original);
        }
    }

    private long[] writing(Call write, Instance inst, long[] args) {
        long[] result = write.apply(inst, args);
        if (result[0] == EIO && diskFull.getAsBoolean()) {
            diskFullHit = true;
            return errno(ENOSPC);
        }
        return result;
    }

    /** path_open: counted against the open descriptors, and, when it may create, against the files created. */
    private long[] opened(HostFunction f, Instance inst, long[] args) {
        if (openFiles.size() >= MAX_OPEN_FILES) {
            return errno(EMFILE);
        }
        if ((args[4] & WASI_O_CREAT) != 0 && !mayCreate()) {
            return errno(EDQUOT);
        }
        long[] result = call(f, inst, args);
        if (result[0] == 0) {
            openFiles.add(inst.memory().readInt((int) args[8]));
        }
        return result;
    }

    /** fd_close, fd_renumber: the descriptor given up is no longer counted. */
    private long[] closed(HostFunction f, Instance inst, long[] args, int fd) {
        long[] result = call(f, inst, args);
        if (result[0] == 0) {
            openFiles.remove(fd);
        }
        return result;
    }

    private long[] created(HostFunction f, Instance inst, long[] args) {
        return mayCreate() ? call(f, inst, args) : errno(EDQUOT);
    }

    /** Counts one more entry created; false (and the quota marked hit) past the quota. */
    private boolean mayCreate() {
        if (filesCreated >= maxFilesCreated) {
            fileQuotaHit = true;
            return false;
        }
        filesCreated++;
        return true;
    }

    static boolean inMemory(Memory memory, long pointer, long length) {
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        return pointer >= 0 && length >= 0 && pointer <= size && length <= size - pointer;
    }

    private static long[] errno(int errno) {
        return new long[] {errno};
    }
}
