package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Chicory instance of the guest with its WASI host: either fresh (to make a snapshot) or
 * restored from a snapshot (to run a job). Single-threaded; thrown away after use.
 */
final class GuestInstance implements AutoCloseable {

    /** The guest's argv[0]: CPython derives its prefix, and so the stdlib zip's path, from it. */
    static final String ARGV0 = "/usr/local/bin/python.wasm";

    /** The guest's whole environment: no host variable reaches it. Part of the snapshot's key. */
    static final Map<String, String> ENVIRONMENT = envOf(
            "HOME", "/home",
            "TMPDIR", "/tmp",
            "PYTHONTZPATH", "", // zoneinfo reads the zip's tzdata
            "PYTHONUNBUFFERED", "1", // output written before a deadline is not lost in a buffer
            "MPLBACKEND", "Agg",
            "MPLCONFIGDIR", "/home/.config/matplotlib");

    private final Instance instance;
    private final WasiPreview1 wasi;
    private final SnapshotMemory restored; // null for a fresh instance
    private final BoundedWasi bounded;

    private GuestInstance(Builder b) {
        var options = WasiOptions.builder()
                .withArguments(List.of(ARGV0))
                .withStdin(InputStream.nullInputStream(), false)
                .withStdout(b.stdout, false)
                .withStderr(b.stderr, false)
                .withRandom(new SecureRandom())
                .withThrowOnExit0(true);
        ENVIRONMENT.forEach(options::withEnvironment);
        b.fileSystem.preopens().forEach(options::withDirectory);
        this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
        this.bounded = new BoundedWasi(b.maxFilesCreated, b.fileSystem::full);

        var guest = b.guest;
        var imports = ImportValues.builder().addFunction(bounded.bound(DirectFileReads.over(wasi, wasi.toHostFunctions()))).addFunction(noHost());
        var builder = Instance.builder(guest.module)
                .withMachineFactory(guest.machineFactory)
                .withImportValues(imports.build())
                .withStart(false);
        if (b.memory == null) {
            this.restored = null;
            builder.withMemoryLimits(new MemoryLimits(guest.module.memorySection().orElseThrow().getMemory(0).limits().initialPages(), b.maxPages))
                    .withMemoryFactory(ByteArrayMemory::new);
        } else {
            var memory = b.memory;
            var snapshot = memory.snapshot();
            memory.capAt(Math.min(b.maxPages, SnapshotMemory.MAX_PAGES));
            this.restored = memory;
            var nextGlobal = new AtomicInteger();
            builder.withMemoryFactory(moduleLimits -> memory) // sized by the snapshot and the cap, not the module
                    .withGlobalFactory((value, high, type, mutability) -> {
                        long[] saved = snapshot.globals()[nextGlobal.getAndIncrement()];
                        return new GlobalInstance(saved[0], saved[1], type, mutability);
                    });
        }
        this.instance = builder.build();
    }

    private static Map<String, String> envOf(String... pairs) {
        var env = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(env);
    }

    static Builder builder(Guest guest, GuestFileSystem fileSystem) {
        return new Builder(guest, fileSystem);
    }

    Instance instance() {
        return instance;
    }

    Memory memory() {
        return instance.memory();
    }

    boolean memoryGrowRefused() {
        return restored != null && restored.growRefused();
    }

    /** Whether the guest was refused a file for the quota of files, or a write for a full file system. */
    boolean fileSystemLimitHit() {
        return bounded.fileQuotaHit() || bounded.diskFullHit();
    }

    /** Starts the interpreter: only for a fresh instance, before its snapshot is taken. */
    void initialize() {
        instance.export("_initialize").apply();
    }

    /**
     * Runs Python source in the live interpreter's {@code __main__}, as the interactive
     * interpreter would, and returns its status (0: ran to the end).
     */
    int turn(String code) {
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        int pointer = (int) instance.export("host_alloc").apply(bytes.length)[0];
        if (pointer == 0) {
            throw new IllegalStateException("the guest could not allocate " + bytes.length + " bytes for the code");
        }
        instance.memory().write(pointer, bytes);
        return (int) instance.export("turn").apply(pointer, bytes.length)[0];
    }

    @Override
    public void close() {
        wasi.close();
    }

    /** The guest's one custom import, the door to a host; chartbox offers none (-1). */
    private static ImportFunction noHost() {
        var type = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));
        return new HostFunction("host", "call", type, (inst, args) -> new long[] {-1});
    }

    static final class Builder {
        private final Guest guest;
        private final GuestFileSystem fileSystem;
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private SnapshotMemory memory;
        private int maxPages = 65536;
        private int maxFilesCreated = Integer.MAX_VALUE;

        private Builder(Guest guest, GuestFileSystem fileSystem) {
            this.guest = guest;
            this.fileSystem = fileSystem;
        }

        Builder stdout(OutputStream out) {
            this.stdout = out;
            return this;
        }

        Builder stderr(OutputStream err) {
            this.stderr = err;
            return this;
        }

        /** Starts from a snapshot: a memory restored from it, used by no other instance. */
        Builder restoring(SnapshotMemory m) {
            this.memory = m;
            return this;
        }

        Builder memoryCap(long bytes) {
            this.maxPages = (int) Math.min(65536, bytes / Memory.PAGE_SIZE);
            return this;
        }

        Builder maxFilesCreated(int n) {
            this.maxFilesCreated = n;
            return this;
        }

        GuestInstance build() {
            return new GuestInstance(this);
        }
    }
}
