package dev.chartbox.wasm;

/** The input is not a Wasm binary this library can read (malformed, or a feature it does not know). */
public final class WasmFormatException extends RuntimeException {
    public WasmFormatException(String message) {
        super(message);
    }
}
