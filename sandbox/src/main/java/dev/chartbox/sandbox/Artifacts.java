package dev.chartbox.sandbox;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image files a run left under its working directory, as artifacts: first those the program
 * wrote (by path), then the figures the driver rendered for it (in figure order). Input files
 * that come back unchanged are not artifacts. At most {@link Limits#maxOutputFiles()} files and
 * {@link Limits#maxOutputBytes()} bytes are kept, and only until {@code endBy}: past any of them,
 * {@code limit} says which status the run gets and {@code reason} why.
 */
record Artifacts(List<Artifact> kept, Optional<Status> limit, String reason) {

    static final Artifacts NONE = new Artifacts(List.of(), Optional.empty(), null);

    /**
     * Reads the artifacts, never more than the limits allow: a file's size is checked before it is
     * read, and the clock between files ({@code endBy}, a {@link System#nanoTime()}), so collecting
     * costs at most {@code maxOutputBytes} of heap and ends near {@code endBy} however many or
     * large the files the program left.
     */
    static Artifacts collect(GuestFileSystem fs, Map<String, byte[]> inputs, List<String> rendered, Limits limits, long endBy) {
        Path work = fs.path(GuestFileSystem.WORK);
        Map<String, String> candidates;
        try {
            candidates = Artifact.candidates(work, rendered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        var kept = new ArrayList<Artifact>();
        long bytes = 0;
        for (var candidate : candidates.entrySet()) {
            if (System.nanoTime() - endBy > 0) {
                return new Artifacts(kept, Optional.of(Status.TIMED_OUT), "collecting the program's images ran past its deadline");
            }
            Path file = work.resolve(candidate.getValue());
            long size = sizeOf(file);
            if (size < 0) {
                continue;
            }
            if (bytes + size > limits.maxOutputBytes()) {
                return overLimit(kept, "the program's images exceed " + limits.maxOutputBytes() + " bytes");
            }
            byte[] content = read(file, size);
            if (content == null || Arrays.equals(content, inputs.get(candidate.getValue()))) {
                continue;
            }
            if (kept.size() == limits.maxOutputFiles()) {
                return overLimit(kept, "the program wrote more than " + limits.maxOutputFiles() + " image files");
            }
            bytes += content.length;
            kept.add(Artifact.of(candidate.getKey(), content));
        }
        return new Artifacts(List.copyOf(kept), Optional.empty(), null);
    }

    private static Artifacts overLimit(List<Artifact> kept, String reason) {
        return new Artifacts(List.copyOf(kept), Optional.of(Status.OUTPUT_LIMIT_EXCEEDED), reason);
    }

    /** A regular file's size (links are not followed), or -1. */
    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : -1;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** At most {@code size} bytes of a file (the size checked against the limits), or null. */
    private static byte[] read(Path file, long size) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) size);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
