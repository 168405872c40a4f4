package dev.chartbox.sandbox;

/**
 * One sandbox for every test in the JVM, warmed up once: a cold JVM runs the first chart several
 * times slower than later ones, which would make deadlines in tests depend on test order.
 */
final class TestSandbox {

    private static ChicorySandbox shared;

    private TestSandbox() {}

    static synchronized ChicorySandbox shared() {
        if (shared == null) {
            shared = ChicorySandbox.start();
            shared.warmUp(ChicorySandbox.WARM_UP_CHARTS.size()); // every warm-up chart must succeed
        }
        return shared;
    }
}
