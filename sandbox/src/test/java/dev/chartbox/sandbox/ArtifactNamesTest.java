package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.roastedroot.zerofs.Configuration;
import io.roastedroot.zerofs.ZeroFs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which files of a run's working directory are artifacts, under which plain names, in which order. */
class ArtifactNamesTest {

    private final FileSystem fs = ZeroFs.newFileSystem(Configuration.unix());
    private final Path work = fs.getPath("/work");

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private void files(String... paths) throws IOException {
        for (String path : paths) {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {1});
        }
    }

    @Test
    void imagesInSubdirectoriesGetFlatNamesAndTopLevelFilesKeepTheirs() throws IOException {
        files("charts/line.png", "charts_line.png", "a/b/c.svg", "notes.txt");

        var candidates = Artifact.candidates(work, List.of());

        assertThat(candidates).containsExactly(
                java.util.Map.entry("a_b_c.svg", "a/b/c.svg"),
                java.util.Map.entry("charts_line-2.png", "charts/line.png"),
                java.util.Map.entry("charts_line.png", "charts_line.png"));
        assertThat(candidates.keySet()).allSatisfy(name -> assertThat(Artifact.isValidName(name)).isTrue());
    }

    @Test
    void renderedFiguresComeLastInFigureOrder() throws IOException {
        files("mine.png", "figure_2.png", "figure_1.png");

        assertThat(Artifact.candidates(work, List.of("figure_2.png", "figure_1.png")).keySet())
                .containsExactly("mine.png", "figure_2.png", "figure_1.png");
    }

    @Test
    void hiddenUnprintableAndOverlongNamesAreNotArtifacts() throws IOException {
        files(".hidden.png", "tab\there.png", "x".repeat(300) + ".png", "ok.png");

        assertThat(Artifact.candidates(work, List.of()).keySet()).containsExactly("ok.png");
    }

    @Test
    void aValidNameIsAPlainFileNameWithAnImageExtension() {
        assertThat(Artifact.isValidName("chart.png")).isTrue();
        assertThat(Artifact.isValidName("report.JPEG")).isTrue();
        assertThat(Artifact.isValidName("../chart.png")).isFalse();
        assertThat(Artifact.isValidName("a/b.png")).isFalse();
        assertThat(Artifact.isValidName("a\\b.png")).isFalse();
        assertThat(Artifact.isValidName("chart.exe")).isFalse();
        assertThat(Artifact.isValidName("..")).isFalse();
        assertThat(Artifact.isValidName("half\uD800.png")).isFalse();
        assertThat(Artifact.isValidName("emoji\uD83D\uDCC8.png")).isTrue();
    }
}
