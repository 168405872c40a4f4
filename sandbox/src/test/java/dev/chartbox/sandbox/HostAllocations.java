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
 * on the guest's threads (Chicory, its WASI host calls, linear memory's 64 KiB pages) and on the
 * thread that called the sandbox (restoring the instance, collecting the artifacts).
 */
record HostAllocations(SandboxResult result, long largestOnGuestThreads, long largestOnCallingThread) {

    static HostAllocations during(Supplier<SandboxResult> run) throws IOException {
        Path file = Files.createTempFile("chartbox-allocations", ".jfr");
        try (var recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withoutStackTrace();
            recording.start();
            SandboxResult result = run.get();
            recording.stop();
            recording.dump(file);
            String caller = Thread.currentThread().getName();
            long guest = 0;
            long calling = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getThread() == null) {
                    continue;
                }
                String thread = event.getThread().getJavaName();
                long size = event.getLong("allocationSize");
                if (thread != null && thread.startsWith("chartbox-guest-")) {
                    guest = Math.max(guest, size);
                } else if (caller.equals(thread)) {
                    calling = Math.max(calling, size);
                }
            }
            return new HostAllocations(result, guest, calling);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
