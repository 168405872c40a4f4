package dev.chartbox.guest;

/**
 * The arrays the guest's compiled code hands several results back in. Chicory's code returns a
 * function's results as a new {@code long[]} per call, and the split pieces of the guest's big
 * functions return many (their live registers): ~150 MiB of garbage per chart. Every caller copies
 * the results out before anything else runs, which the build checks
 * ({@code dev.chartbox.wasm.ResultArrayReuse}), so a thread can reuse one array per length: the
 * build makes the result helpers take theirs from here.
 */
public final class ResultArrays {

    private ResultArrays() {}

    /** An array of {@code length} for results: the thread's own on a {@link Carrier}, else a new one. */
    public static long[] of(int length) {
        return Thread.currentThread() instanceof Carrier carrier ? carrier.array(length) : new long[length];
    }

    /** A thread that runs the guest and keeps one results array per length for it. */
    public static final class Carrier extends Thread {

        private final long[][] arrays = new long[64][];

        public Carrier(Runnable task, String name, long stackSize) {
            super(null, task, name, stackSize);
        }

        long[] array(int length) {
            if (length >= arrays.length) {
                return new long[length];
            }
            long[] array = arrays[length];
            if (array == null) {
                array = arrays[length] = new long[length];
            }
            return array;
        }
    }
}
