package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;

/**
 * WASI's fd_read and fd_pread of a file, read by the file's channel straight into a
 * {@link SnapshotMemory}. Chicory's own allocate a {@code byte[]} of each iovec's length, read
 * into it and copy that into memory: a chart re-reads its font files through Python's buffered
 * I/O (FreeType seeks, then Python refills a 128 KiB buffer), about 250 MB per chart, all of it
 * garbage. Here a read allocates nothing but a buffer view and copies once.
 *
 * <p>Chicory keeps its descriptors private; they are reached by a private lookup, which works
 * while Chicory's WASI is on the class path (an unnamed module). Where that fails, for any
 * descriptor that is not a file (stdin, directories, closed), and for a memory that is not a
 * {@link SnapshotMemory}, the call is Chicory's own, so results and errnos are Chicory's.
 */
final class DirectFileReads {

    private static final int ESUCCESS = 0;
    private static final int ENOTCAPABLE = 76;

    private static final Access ACCESS = Access.find();

    private final WasiPreview1 wasi;

    private DirectFileReads(WasiPreview1 wasi) {
        this.wasi = wasi;
    }

    /** Chicory's host functions, with fd_read and fd_pread reading files directly when they can. */
    static HostFunction[] over(WasiPreview1 wasi, HostFunction[] functions) {
        if (ACCESS == null) {
            return functions;
        }
        var reads = new DirectFileReads(wasi);
        var out = functions.clone();
        for (int i = 0; i < out.length; i++) {
            HostFunction chicory = out[i];
            switch (chicory.name()) {
                case "fd_read" -> out[i] = with(chicory, (inst, args) -> reads.read(inst, args, -1, (int) args[3], chicory));
                case "fd_pread" -> out[i] = with(chicory, (inst, args) -> args[3] < 0 ? chicory.handle().apply(inst, args)
                        : reads.read(inst, args, args[3], (int) args[4], chicory));
                default -> { }
            }
        }
        return out;
    }

    /** Whether Chicory's descriptors could be reached (false: every read is Chicory's own). */
    static boolean available() {
        return ACCESS != null;
    }

    private static HostFunction with(HostFunction f, WasmFunctionHandle handle) {
        return new HostFunction(f.module(), f.name(), f.functionType(), handle);
    }

    /**
     * Reads iovec by iovec as Chicory does: stops at the end of the file or at the first short
     * read, and reports the bytes read. {@code position} -1: at the file's position (fd_read).
     */
    private long[] read(Instance instance, long[] args, long position, int nreadPointer, HostFunction chicory) {
        FileChannel channel = instance.memory() instanceof SnapshotMemory ? ACCESS.channel(wasi, (int) args[0]) : null;
        if (channel == null) {
            return chicory.handle().apply(instance, args);
        }
        var memory = (SnapshotMemory) instance.memory();
        int iovs = (int) args[1];
        int count = (int) args[2];
        long total = 0;
        try {
            for (int i = 0; i < count; i++) {
                int base = memory.readInt(iovs + i * 8);
                int length = memory.readInt(iovs + i * 8 + 4);
                var window = memory.window(base, length);
                int read = position < 0 ? channel.read(window) : channel.read(window, position + total);
                if (read < 0) {
                    break;
                }
                total += read;
                if (read < length) {
                    break;
                }
            }
        } catch (NonReadableChannelException e) {
            return new long[] {ENOTCAPABLE};
        } catch (IOException e) {
            return new long[] {BoundedWasi.EIO};
        }
        memory.writeI32(nreadPointer, (int) total);
        return new long[] {ESUCCESS};
    }

    /** Chicory's private descriptor table, reached once. */
    private record Access(MethodHandle descriptors, MethodHandle get, Class<?> openFile, MethodHandle channelOf) {

        static Access find() {
            try {
                var lookup = MethodHandles.privateLookupIn(WasiPreview1.class, MethodHandles.lookup());
                Class<?> table = lookup.findClass("com.dylibso.chicory.wasi.Descriptors");
                Class<?> descriptor = lookup.findClass("com.dylibso.chicory.wasi.Descriptors$Descriptor");
                Class<?> openFile = lookup.findClass("com.dylibso.chicory.wasi.Descriptors$OpenFile");
                return new Access(
                        lookup.findGetter(WasiPreview1.class, "descriptors", table),
                        lookup.findVirtual(table, "get", MethodType.methodType(descriptor, int.class)),
                        openFile,
                        lookup.findVirtual(openFile, "channel", MethodType.methodType(FileChannel.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** The channel of the file open at {@code fd}, or null when {@code fd} is not an open file. */
        FileChannel channel(WasiPreview1 wasi, int fd) {
            try {
                Object d = get.invoke(descriptors.invoke(wasi), fd);
                return openFile.isInstance(d) ? (FileChannel) channelOf.invoke(d) : null;
            } catch (Throwable e) {
                return null;
            }
        }
    }
}
