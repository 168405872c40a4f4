package dev.chartbox.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes the pre-imported snapshot at build time: starts the interpreter in a fresh instance,
 * runs snapshot_prelude.py (imports numpy, pandas and matplotlib, warms a chart, loads the
 * driver), and freezes the result. It takes minutes, so it is cached by what it is made from:
 *
 * <pre>java ... dev.chartbox.sandbox.SnapshotMaker OUTPUT_FILE CACHE_DIR</pre>
 */
public final class SnapshotMaker {

    static final String PRELUDE = "snapshot_prelude.py";
    static final String DRIVER = "chartbox_driver.py";
    /** The driver and the modules it loads beside it (chart data, the last value), all in the snapshot. */
    static final List<String> DRIVER_FILES = List.of("chart_data.py", "display_value.py", DRIVER);
    static final String RESOURCE = "python.snapshot";

    private SnapshotMaker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SnapshotMaker OUTPUT_FILE CACHE_DIR");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        Guest guest = Guest.load();
        String key = key(guest);
        Path cached = Path.of(args[1]).resolve(key + ".snapshot");
        if (!Files.exists(cached)) {
            long start = System.nanoTime();
            System.err.println("chartbox: making the pre-imported snapshot (imports numpy, pandas, matplotlib: minutes)");
            Snapshot snapshot = make(guest, key);
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), key, ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                snapshot.writeTo(out);
            }
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.err.printf("chartbox: snapshot %s made in %.1f s: %d pages (%d MiB), %d MiB on disk%n", key,
                    (System.nanoTime() - start) / 1e9, snapshot.pages(), snapshot.memoryBytes() >> 20, Files.size(cached) >> 20);
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.copy(cached, output, StandardCopyOption.REPLACE_EXISTING);
    }

    static Snapshot make(Guest guest, String key) {
        // The guest's output goes to our stderr as it comes: progress, and any warning the prelude met.
        var console = new OutputStream() {
            @Override
            public void write(int b) {
                System.err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                System.err.write(b, off, len);
            }
        };
        try (var fs = GuestFileSystem.create(guest, 256L << 20);
                var instance = GuestInstance.builder(guest, fs).stdout(console).stderr(console).build()) {
            for (String file : DRIVER_FILES) {
                fs.write(GuestFileSystem.CONTROL + "/" + file, resource(file));
            }
            instance.initialize();
            int status = instance.turn(new String(resource(PRELUDE), StandardCharsets.UTF_8));
            if (status != 0) {
                throw new IllegalStateException("the snapshot prelude failed with status " + status + " (its output is above)");
            }
            return Snapshot.capture(key, instance.instance());
        }
    }

    /** What a snapshot depends on: the guest's code and the Python run to make it. */
    static String key(Guest guest) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(guest.wasmSha256().getBytes(StandardCharsets.UTF_8));
            sha.update(resource(PRELUDE));
            for (String file : DRIVER_FILES) {
                sha.update(resource(file));
            }
            sha.update(GuestInstance.ENVIRONMENT.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = SnapshotMaker.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            var out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
