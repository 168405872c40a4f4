package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"chart.png", "Chart 2.SVG", "report.pdf", "photo.jpg", "photo.jpeg", "ümlaut-€.png", "a.b.png", "a..png"})
    void flatImageFileNamesAreAccepted(String name) {
        assertThat(ArtifactNames.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub/chart.png", "..\\chart.png", "../chart.png", "..", ".", ".hidden.png", "chart.txt", "chart",
            "chart.png.exe", "", "tab\there.png", "nul\u0000.png", "del\u007f.png", "\ud800.png"})
    void pathsPathStepsHiddenFilesOtherTypesAndControlCharactersAreRefused(String name) {
        assertThat(ArtifactNames.problem(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 256})
    void namesAreAtMost255Characters(int length) {
        String name = "a".repeat(length - 4) + ".png";
        assertThat(ArtifactNames.problem(name).isPresent()).isEqualTo(length > 255);
    }
}
