package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {

    @TempDir
    Path dir;

    private Path laidOut(String name, String program) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run.resolve("work"));
        Files.createDirectories(run.resolve("control"));
        Files.writeString(run.resolve("work/main.py"), program);
        Files.writeString(run.resolve("control/formats"), "png");
        return run;
    }

    @Test
    void theKeyChangesWithTheProgramTheModuleAndTheContext() throws IOException {
        String key = RunCache.key("aa", List.of("prelude"), laidOut("a", "print(1)"));

        assertThat(RunCache.key("aa", List.of("prelude"), laidOut("b", "print(1)"))).isEqualTo(key);
        assertThat(RunCache.key("aa", List.of("prelude"), laidOut("c", "print(2)"))).isNotEqualTo(key);
        assertThat(RunCache.key("ab", List.of("prelude"), laidOut("d", "print(1)"))).isNotEqualTo(key);
        assertThat(RunCache.key("aa", List.of("prelude 2"), laidOut("e", "print(1)"))).isNotEqualTo(key);
    }

    @Test
    void aKeptRunComesBackWholeUnderItsKeyOnly() throws IOException {
        var cache = new RunCache(dir.resolve("cache"));
        Path run = laidOut("run", "print(1)");
        String key = RunCache.key("aa", List.of(), run);
        Files.write(run.resolve("work/chart.png"), new byte[] {1, 2, 3});
        Files.writeString(run.resolve("session"), "exit=0\n");
        cache.store(key, run);

        Path again = laidOut("again", "print(1)");
        assertThat(cache.restore(key, again)).isTrue();
        assertThat(again.resolve("work/chart.png")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(cache.restore(RunCache.key("ab", List.of(), laidOut("other", "print(1)")), dir.resolve("other"))).isFalse();
    }

    @Test
    void aCacheWithoutAFolderKeepsNothing() throws IOException {
        var cache = new RunCache(null);
        Path run = laidOut("run", "print(1)");
        Files.writeString(run.resolve("session"), "exit=0\n");
        cache.store("0".repeat(64), run);

        assertThat(cache.restore("0".repeat(64), laidOut("again", "print(1)"))).isFalse();
    }
}
