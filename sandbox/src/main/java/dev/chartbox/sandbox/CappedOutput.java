package dev.chartbox.sandbox;

import dev.chartbox.sandbox.SandboxResult.CapturedOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A stream that keeps the first {@code cap} bytes written to it and counts the rest. */
final class CappedOutput extends OutputStream {

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long written;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (written++ < cap) {
            kept.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        long room = Math.max(0, cap - written);
        kept.write(b, off, (int) Math.min(room, len));
        written += len;
    }

    synchronized CapturedOutput captured() {
        return new CapturedOutput(kept.toString(StandardCharsets.UTF_8), written > cap);
    }
}
