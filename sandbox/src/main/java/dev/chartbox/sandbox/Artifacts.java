package dev.chartbox.sandbox;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
record Artifacts(List<Artifact> kept, Optional<Status> limit, String reason, Map<String, String> paths) {

    static final Artifacts NONE = new Artifacts(List.of(), Optional.empty(), null, Map.of());

    /** Chart data of one figure, as the guest wrote it: more is not chart data (chart_data.py's caps keep it under ~300 KB). */
    static final int MAX_CHART_BYTES = 512 * 1024;

    /** The list of image files the guest read chart data for (at most 256 paths). */
    private static final int MAX_CHART_INDEX_BYTES = 256 * 1024;

    /** The artifact named {@code name}'s file, relative to the working directory. */
    Optional<String> pathOf(String name) {
        return Optional.ofNullable(paths.get(name));
    }

    /**
     * Reads the artifacts, never more than the limits allow: a file's size is checked before it is
     * read, and the clock between files ({@code endBy}, a {@link System#nanoTime()}), so collecting
     * costs at most {@code maxOutputBytes} of heap and ends near {@code endBy} however many or
     * large the files the program left. Then each image's chart data, when the guest wrote one, in
     * the bytes the images left: chart data that does not fit is left out, it never fails the run.
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
                return new Artifacts(kept, Optional.of(Status.TIMED_OUT), "collecting the program's images ran past its deadline", Map.of());
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
        return new Artifacts(withCharts(fs, kept, candidates, limits.maxOutputBytes() - bytes, endBy), Optional.empty(), null,
                pathsOf(kept, candidates));
    }

    /**
     * The artifacts with their chart data (control files {@code charts}, one path a line, and
     * {@code chart_N.json} for line N), read while {@code budget} bytes and the clock allow.
     */
    private static List<Artifact> withCharts(GuestFileSystem fs, List<Artifact> kept, Map<String, String> candidates, long budget,
            long endBy) {
        List<String> chartPaths = ControlFiles.lines(fs, "charts", MAX_CHART_INDEX_BYTES);
        var result = new ArrayList<Artifact>(kept.size());
        for (Artifact artifact : kept) {
            int index = chartPaths.indexOf(candidates.get(artifact.name()));
            Optional<String> chart = index < 0 || budget <= 0 || System.nanoTime() - endBy > 0 ? Optional.empty()
                    : ControlFiles.whole(fs, "chart_" + index + ".json", (int) Math.min(MAX_CHART_BYTES, budget));
            if (chart.isPresent()) {
                budget -= chart.get().getBytes(StandardCharsets.UTF_8).length;
                result.add(artifact.withChart(chart.get()));
            } else {
                result.add(artifact);
            }
        }
        return List.copyOf(result);
    }

    private static Map<String, String> pathsOf(List<Artifact> kept, Map<String, String> candidates) {
        var paths = new LinkedHashMap<String, String>();
        kept.forEach(a -> paths.put(a.name(), candidates.get(a.name())));
        return paths;
    }

    private static Artifacts overLimit(List<Artifact> kept, String reason) {
        return new Artifacts(List.copyOf(kept), Optional.of(Status.OUTPUT_LIMIT_EXCEEDED), reason, Map.of());
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
