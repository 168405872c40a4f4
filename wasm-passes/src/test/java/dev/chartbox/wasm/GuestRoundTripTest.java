package dev.chartbox.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Runs against the cached pinned guest when the guest build has fetched it; skips otherwise. */
class GuestRoundTripTest {
    static Path guest() {
        String p = System.getProperty("chartbox.guest.wasm");
        return p == null ? null : Path.of(p);
    }

    @Test
    void everyFunctionBodyOfTheGuestDecodesAndEncodesToTheSameBytes() throws Exception {
        Path wasm = guest();
        assumeTrue(wasm != null && Files.exists(wasm), "the cached guest python.wasm is not there");
        byte[] bytes = Files.readAllBytes(wasm);
        WasmBinary module = WasmBinary.parse(bytes);
        int mismatches = 0;
        for (int i = 0; i < module.bodies.size(); i++) {
            byte[] body = module.bodies.get(i);
            byte[] again = CodeCodec.encode(CodeCodec.decode(body));
            if (!Arrays.equals(body, again)) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("function bodies that do not round-trip").isZero();
        assertThat(module.bodies).as("a body for every function the function section declares")
                .hasSize(module.funcTypes.size() - module.importedFunctions).hasSizeGreaterThan(40_000);
        assertThat(module.encode()).as("the whole module re-encoded").isEqualTo(bytes);
    }
}
