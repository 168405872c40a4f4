package dev.chartbox.sandbox;

/** One sandbox for every test in the JVM: loading the snapshot takes a moment, runs take none of it. */
final class TestSandbox {

    private static ChicorySandbox shared;

    private TestSandbox() {}

    static synchronized ChicorySandbox shared() {
        if (shared == null) {
            shared = ChicorySandbox.start();
        }
        return shared;
    }
}
