package dev.chartbox.sandbox;

import io.roastedroot.zerofs.Configuration;
import io.roastedroot.zerofs.ZeroFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance's in-memory file system: the only files the guest can see. Nothing on the host is
 * reachable from it, and it is dropped with the instance.
 *
 * <pre>
 * guest path                                          what
 * /usr/local/lib/python315.zip                        the stdlib and packages' Python code
 * /usr/local/lib/python315.zip/matplotlib/mpl-data    matplotlib's fonts and styles
 * /work                                               the working directory: main.py, input files, output
 * /tmp, /home                                         scratch space, TMPDIR and HOME
 * /.chartbox                                          the host's channel to the driver: job.json, result.json
 * </pre>
 *
 * Its size is capped ({@code quotaBytes}); a write past the cap fails in the guest like a full disk.
 */
final class GuestFileSystem implements AutoCloseable {

    static final String WORK = "/work";
    static final String CONTROL = "/.chartbox";

    private final FileSystem fs;
    private final Path root;
    private final Map<String, Path> preopens = new LinkedHashMap<>();

    private GuestFileSystem(FileSystem fs) {
        this.fs = fs;
        this.root = fs.getPath("/root");
    }

    static GuestFileSystem create(Guest guest, long quotaBytes) {
        long base = guest.stdlibZip.length + guest.matplotlibData.values().stream().mapToLong(b -> b.length).sum();
        var config = Configuration.unix().toBuilder()
                .setMaxSize(roundUpToBlock(base + quotaBytes + (1L << 20)))
                .setAttributeViews("basic", "posix", "unix")
                .build();
        var gfs = new GuestFileSystem(ZeroFs.newFileSystem(config));
        try {
            gfs.populate(guest);
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

    private void populate(Guest guest) throws IOException {
        Path lib = fs.getPath("/lib");
        Files.createDirectories(lib);
        Files.write(lib.resolve(Guest.STDLIB_ZIP_NAME), guest.stdlibZip);
        Path mpl = fs.getPath("/mpl-data");
        for (var e : guest.matplotlibData.entrySet()) {
            Path file = mpl.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        for (String dir : new String[] {"usr/local/lib", "tmp", "home", "work", ".chartbox"}) {
            Files.createDirectories(root.resolve(dir));
        }
        // wasi-libc resolves a path through the preopen with the longest matching prefix.
        preopens.put("/usr/local/lib", lib);
        preopens.put("/usr/local/lib/" + Guest.STDLIB_ZIP_NAME + "/matplotlib/mpl-data", mpl);
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

    /** Whether the guest used (nearly) all the space it was given. */
    boolean full() {
        try {
            return Files.getFileStore(root).getUnallocatedSpace() < (1L << 20);
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
