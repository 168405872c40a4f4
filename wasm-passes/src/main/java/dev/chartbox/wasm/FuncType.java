package dev.chartbox.wasm;

import java.util.Arrays;

/** A function type: parameter and result value types as their binary type codes. */
public record FuncType(byte[] params, byte[] results) {
    @Override
    public boolean equals(Object o) {
        return o instanceof FuncType t && Arrays.equals(params, t.params) && Arrays.equals(results, t.results);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(params) + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
        return Arrays.toString(params) + "->" + Arrays.toString(results);
    }
}
