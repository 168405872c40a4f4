package dev.chartbox.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The largest single heap allocations the JVM made while a run went on, from JFR's
 * {@code jdk.ObjectAllocationOutsideTLAB} events (every large array is allocated outside a TLAB):
 * on the guest's threads (Chicory, its WASI host calls) and on the thread that called the sandbox
 * (collecting the artifacts), apart from the guest's linear memory itself ({@link SnapshotMemory}'s
 * one array, made when an instance is restored and again when the guest grows it past its reserve),
 * which its own limit bounds.
 */
record HostAllocations(SandboxResult result, long largestOnGuestThreads, long largestOnCallingThread, long largestLinearMemory) {

    static HostAllocations during(Supplier<SandboxResult> run) throws IOException {
        Path file = Files.createTempFile("chartbox-allocations", ".jfr");
        try (var recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.start();
            SandboxResult result = run.get();
            recording.stop();
            recording.dump(file);
            String caller = Thread.currentThread().getName();
            long guest = 0;
            long calling = 0;
            long linear = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getThread() == null) {
                    continue;
                }
                String thread = event.getThread().getJavaName();
                long size = event.getLong("allocationSize");
                if (isLinearMemory(event)) {
                    linear = Math.max(linear, size);
                } else if (thread != null && thread.startsWith("chartbox-guest-")) {
                    guest = Math.max(guest, size);
                } else if (caller.equals(thread)) {
                    calling = Math.max(calling, size);
                }
            }
            return new HostAllocations(result, guest, calling, linear);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Whether the allocation is the linear memory's array: made by SnapshotMemory itself, below any of its callers. */
    private static boolean isLinearMemory(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        for (var frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.equals(SnapshotMemory.class.getName())) {
                String method = frame.getMethod().getName();
                return method.equals("<init>") || method.equals("grow");
            }
            if (type.startsWith("dev.chartbox.") || type.startsWith("com.dylibso.")) {
                return false; // the first frame of ours or Chicory's is not the memory's: a host call's buffer
            }
        }
        return false;
    }
}
