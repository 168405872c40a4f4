package dev.chartbox.standalone;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.Sandbox;

/** One real sandbox for all tests in this JVM (loading the guest costs seconds; runs are isolated). */
final class TestSandbox {

    private static Sandbox shared;

    private TestSandbox() {}

    static synchronized Sandbox shared() {
        if (shared == null) {
            shared = ChicorySandbox.start();
        }
        return shared;
    }
}
