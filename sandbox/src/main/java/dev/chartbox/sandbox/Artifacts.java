package dev.chartbox.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The image files a run left under its working directory, as artifacts: first those the program
 * wrote (by path), then the figures the driver rendered for it (in figure order). Input files
 * that come back unchanged are not artifacts. At most {@link Limits#maxOutputFiles()} files and
 * {@link Limits#maxOutputBytes()} bytes are kept; past either, {@code overLimitReason} says why.
 */
record Artifacts(List<Artifact> kept, String overLimitReason) {

    boolean overLimit() {
        return overLimitReason != null;
    }

    static Artifacts collect(GuestFileSystem fs, Map<String, byte[]> inputs, List<String> rendered, Limits limits) {
        Path work = fs.path(GuestFileSystem.WORK);
        List<String> names;
        try {
            names = Artifact.candidateNames(work, rendered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        var kept = new ArrayList<Artifact>();
        long bytes = 0;
        String overLimit = null;
        for (String name : names) {
            byte[] content = read(work.resolve(name));
            if (content == null || Arrays.equals(content, inputs.get(name))) {
                continue;
            }
            if (kept.size() == limits.maxOutputFiles()) {
                overLimit = "the program wrote more than " + limits.maxOutputFiles() + " image files";
                break;
            }
            if (bytes + content.length > limits.maxOutputBytes()) {
                overLimit = "the program's images exceed " + limits.maxOutputBytes() + " bytes";
                break;
            }
            bytes += content.length;
            kept.add(Artifact.of(name, content));
        }
        return new Artifacts(List.copyOf(kept), overLimit);
    }

    private static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
