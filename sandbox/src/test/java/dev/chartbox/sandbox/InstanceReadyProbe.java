package dev.chartbox.sandbox;

import java.io.InputStream;
import java.util.Arrays;

/**
 * A measurement, not a test: where instance-ready time goes, as {@link ChicorySandbox#run} pays it
 * before user code runs (file system, snapshot memory restored on the request's thread or taken
 * ready, instance build). No guest code runs, so it needs no warm-up beyond its own rounds.
 *
 * <pre>
 * java -Xmx3g -cp sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/classpath.txt) \
 *     dev.chartbox.sandbox.InstanceReadyProbe 60
 * </pre>
 */
final class InstanceReadyProbe {

    private InstanceReadyProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Guest guest = Guest.load();
        Snapshot snapshot;
        try (InputStream in = InstanceReadyProbe.class.getResourceAsStream(SnapshotMaker.RESOURCE)) {
            snapshot = Snapshot.readFrom(in);
        }
        long quota = Limits.defaults().maxOutputBytes() + ChicorySandbox.SCRATCH_BYTES;
        long cap = Limits.defaults().memoryBytes();
        long[] fileSystem = new long[rounds], restore = new long[rounds], build = new long[rounds];
        long[] readyRestoring = new long[rounds], readyPrepared = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            var fs = GuestFileSystem.create(guest, quota);
            long t1 = System.nanoTime();
            var memory = new SnapshotMemory(snapshot);
            long t2 = System.nanoTime();
            var instance = GuestInstance.builder(guest, fs).restoring(memory).memoryCap(cap)
                    .maxFilesCreated(ChicorySandbox.MAX_FILES_CREATED).build();
            long t3 = System.nanoTime();
            instance.close();
            fs.close();
            fileSystem[i] = t1 - t0;
            restore[i] = t2 - t1;
            build[i] = t3 - t2;
            readyRestoring[i] = t3 - t0;

            var prepared = new SnapshotMemory(snapshot); // as the background thread does, ahead of the request
            Thread.sleep(20);
            long p0 = System.nanoTime();
            var fs2 = GuestFileSystem.create(guest, quota);
            var instance2 = GuestInstance.builder(guest, fs2).restoring(prepared).memoryCap(cap)
                    .maxFilesCreated(ChicorySandbox.MAX_FILES_CREATED).build();
            readyPrepared[i] = System.nanoTime() - p0;
            instance2.close();
            fs2.close();
        }
        System.out.printf("snapshot: %d pages (%d non-zero); %d rounds, the first third left out as warm-up%n",
                snapshot.pages(), snapshot.nonZeroPages().length, rounds);
        report("per-run file system", fileSystem);
        report("snapshot memory restore", restore);
        report("instance build (WASI, Chicory instance)", build);
        report("ready, restoring on the request's thread", readyRestoring);
        report("ready, memory prepared ahead", readyPrepared);
    }

    private static void report(String what, long[] nanos) {
        long[] warm = Arrays.copyOfRange(nanos, nanos.length / 3, nanos.length);
        Arrays.sort(warm);
        System.out.printf("%-42s median %6.1f ms  p90 %6.1f ms  min %6.1f ms%n", what,
                warm[warm.length / 2] / 1e6, warm[(int) (warm.length * 0.9)] / 1e6, warm[0] / 1e6);
    }
}
