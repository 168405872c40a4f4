package dev.chartbox.sandbox;

import io.roastedroot.zerofs.Configuration;
import io.roastedroot.zerofs.ZeroFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance's file system: the only files the guest can see. Nothing on the host is reachable
 * from it. Two parts, each behind its own WASI preopen:
 *
 * <pre>
 * guest path                                          what                                      where
 * /usr/local/lib/python315.zip                        the stdlib and packages' Python code      {@link Guest#library}
 * /usr/local/lib/python315.zip/matplotlib/mpl-data    matplotlib's fonts and styles             {@link Guest#library}
 * /work                                               the working directory: main.py, input     this run's own
 *                                                     files, output
 * /tmp, /home                                         scratch space, TMPDIR and HOME            this run's own
 * /.chartbox                                          the host's channel to the driver          this run's own
 * </pre>
 *
 * The library (32 MB) is one read-only file system shared by every instance, so a run copies
 * none of it; any change to it fails in the guest (an {@code OSError}). The rest is a fresh
 * in-memory file system per run, dropped with the instance. Its size is capped
 * ({@code quotaBytes}); a write past the cap fails in the guest like a full disk.
 */
final class GuestFileSystem implements AutoCloseable {

    static final String WORK = "/work";
    static final String CONTROL = "/.chartbox";

    /** Every library file's times: fixed, so reading one (which sets its access time) leaves no trace. */
    private static final FileTime LIBRARY_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    private final FileSystem fs;
    private final Path root;
    private final Map<String, Path> preopens = new LinkedHashMap<>();

    private GuestFileSystem(FileSystem fs) {
        this.fs = fs;
        this.root = fs.getPath("/root");
    }

    /** The guest's library files as one read-only file system; made once per JVM ({@link Guest}). */
    static ReadOnlyFileSystem library(byte[] stdlibZip, Map<String, byte[]> matplotlibData) throws IOException {
        long size = roundUpToBlock(stdlibZip.length) + matplotlibData.values().stream().mapToLong(b -> roundUpToBlock(b.length)).sum();
        var config = Configuration.unix().toBuilder()
                .setMaxSize(roundUpToBlock(size + (1L << 20)))
                .setAttributeViews("basic", "posix", "unix")
                .setFileTimeSource(() -> LIBRARY_TIME)
                .build();
        FileSystem files = ZeroFs.newFileSystem(config);
        Path lib = files.getPath("/lib");
        Files.createDirectories(lib);
        Files.write(lib.resolve(Guest.STDLIB_ZIP_NAME), stdlibZip);
        Path mpl = files.getPath("/mpl-data");
        for (var e : matplotlibData.entrySet()) {
            Path file = mpl.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return new ReadOnlyFileSystem(files);
    }

    static GuestFileSystem create(Guest guest, long quotaBytes) {
        var config = Configuration.unix().toBuilder()
                .setMaxSize(roundUpToBlock(quotaBytes + (1L << 20)))
                .setAttributeViews("basic", "posix", "unix")
                .build();
        var gfs = new GuestFileSystem(ZeroFs.newFileSystem(config));
        try {
            gfs.layOut(guest.library);
        } catch (IOException e) {
            gfs.close();
            throw new UncheckedIOException("cannot lay out the guest's file system", e);
        }
        return gfs;
    }

    private static long roundUpToBlock(long bytes) {
        long block = Configuration.Builder.DEFAULT_BLOCK_SIZE;
        return (bytes + block - 1) / block * block;
    }

    private void layOut(FileSystem library) throws IOException {
        for (String dir : new String[] {"usr/local/lib", "tmp", "home", "work", ".chartbox"}) {
            Files.createDirectories(root.resolve(dir));
        }
        // The snapshot's wasi-libc knows these three preopens, in this order (fds 3, 4, 5); it
        // resolves a path through the preopen with the longest matching prefix.
        preopens.put("/usr/local/lib", library.getPath("/lib"));
        preopens.put("/usr/local/lib/" + Guest.STDLIB_ZIP_NAME + "/matplotlib/mpl-data", library.getPath("/mpl-data"));
        preopens.put("/", root);
    }

    /** Guest path → host path, in the order the guest's file descriptors 3, 4, 5 are given. */
    Map<String, Path> preopens() {
        return preopens;
    }

    /** The host path of a guest path under /, such as {@code /work/main.py}. */
    Path path(String guestPath) {
        if (!guestPath.startsWith("/")) {
            throw new IllegalArgumentException("not absolute: " + guestPath);
        }
        return root.resolve(guestPath.substring(1));
    }

    /**
     * Whether the guest used (nearly) all the space it was given: less is left than one write may
     * carry ({@link BoundedWasi#IO_CHUNK_BYTES}), so a write that failed for space failed here.
     */
    boolean full() {
        try {
            return Files.getFileStore(root).getUnallocatedSpace() < BoundedWasi.IO_CHUNK_BYTES + (1L << 20);
        } catch (IOException e) {
            return false;
        }
    }

    void write(String guestPath, byte[] content) {
        try {
            Files.write(path(guestPath), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
