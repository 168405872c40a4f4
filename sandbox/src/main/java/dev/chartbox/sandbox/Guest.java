package dev.chartbox.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.chartbox.guest.Python;
import dev.chartbox.sandbox.GuestInfo.InterpretedFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The guest as the build left it: the compiled module, the stdlib zip and matplotlib's data files
 * (in one read-only file system, {@link #library}) and the facts in guest.properties. Loaded once
 * per JVM; immutable and shared by every instance.
 */
final class Guest {

    /** The stdlib zip's name in the guest: CPython looks for python3XY.zip beside its prefix. */
    static final String STDLIB_ZIP_NAME = "python315.zip";

    private static volatile Guest loaded;

    final WasmModule module;
    /** The functions Chicory's compiler left to its interpreter (none, in a build that would fail otherwise). */
    final List<InterpretedFunction> interpretedFunctions;
    final Function<Instance, Machine> machineFactory;
    /** The stdlib zip and matplotlib's mpl-data files: one copy, read by every instance, written by none. */
    final ReadOnlyFileSystem library;
    final Properties properties;

    private Guest(CompiledModule compiled, ReadOnlyFileSystem library, Properties properties) {
        this.module = compiled.module();
        this.interpretedFunctions = compiled.interpretedFunctions();
        this.machineFactory = Python::create;
        this.library = library;
        this.properties = properties;
    }

    static Guest load() {
        Guest guest = loaded;
        if (guest == null) {
            synchronized (Guest.class) {
                guest = loaded;
                if (guest == null) {
                    guest = loaded = read();
                }
            }
        }
        return guest;
    }

    String name() {
        return properties.getProperty("name");
    }

    String version() {
        return properties.getProperty("version");
    }

    /** sha256 of the module that was compiled: the split guest when the build split it. */
    String wasmSha256() {
        return properties.getProperty("python-split.wasm.sha256", properties.getProperty("python.wasm.sha256"));
    }

    /** Parses the module on a thread of its own while this one unpacks the library: each takes ~0.5 s in a fresh JVM. */
    private static Guest read() {
        try {
            var compiled = Background.start("chartbox-parse-guest", Guest::parseModule);
            var properties = new Properties();
            try (InputStream in = resource("guest.properties")) {
                properties.load(in);
            }
            byte[] stdlib;
            try (InputStream in = resource("python-stdlib.zip")) {
                stdlib = in.readAllBytes();
            }
            var library = GuestFileSystem.library(stdlib, matplotlibData(stdlib));
            return new Guest(compiled.join(), library, properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guest from the classpath", e);
        }
    }

    private record CompiledModule(WasmModule module, List<InterpretedFunction> interpretedFunctions) {}

    /**
     * The module the compiled classes belong to (Python.meta: the guest with the compiled bodies
     * stripped). Not validated again: it is the build's own output, which Chicory validated when it
     * compiled it, and validating its 100,000 functions was a third of a fresh JVM's parse. Nor
     * digested: Chicory hashes every module it parses (SHA-256 of these 11 MB, ~0.2 s in a fresh JVM)
     * for a {@code WasmModule.digest()} nothing here reads, unless its system property says "none".
     */
    private static CompiledModule parseModule() throws IOException {
        System.getProperties().putIfAbsent("com.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM", "none");
        byte[] wasm;
        try (InputStream in = resource("Python.meta")) {
            wasm = in.readAllBytes();
        }
        WasmModule module = Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(wasm));
        return new CompiledModule(module, InterpretedFunctions.of(wasm, module));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Python.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing " + name + " beside " + Python.class.getName() + ": rebuild the guest module");
        }
        return in;
    }

    /** The zip's inner matplotlib/mpl-data.zip, unpacked. */
    private static Map<String, byte[]> matplotlibData(byte[] stdlib) throws IOException {
        byte[] inner = null;
        try (var zip = new ZipInputStream(new ByteArrayInputStream(stdlib))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("matplotlib/mpl-data.zip")) {
                    inner = zip.readAllBytes();
                    break;
                }
            }
        }
        if (inner == null) {
            throw new IOException("the stdlib zip has no matplotlib/mpl-data.zip");
        }
        var files = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(inner))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        return Map.copyOf(files);
    }
}
