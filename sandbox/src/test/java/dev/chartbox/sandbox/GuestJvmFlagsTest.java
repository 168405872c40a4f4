package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every JVM that runs the guest gets the same JIT flags: the CLI ({@code bin/chartbox}), the tests
 * (the root pom's {@code guest.jvm.flags}), the image (the Dockerfile's {@code GUEST_JIT_FLAGS}, with
 * which its AOT cache is trained: a worker whose flags differ runs without the cache) and the Helm
 * chart's workers. They are written out in each place; this keeps a change from reaching only some.
 */
class GuestJvmFlagsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theImageAndTheHelmChartRunTheGuestWithTheCliFlags() throws IOException {
        List<String> cli = guestFlagsOfTheCli();

        assertThat(flags(find("docker/Dockerfile", "ARG GUEST_JIT_FLAGS=\"([^\"]*)\"")))
                .as("docker/Dockerfile's GUEST_JIT_FLAGS").containsExactlyInAnyOrderElementsOf(cli);
        assertThat(flags(find("helm/chartbox/values.yaml", "javaOpts: >-\\n((?:\\s{4,}\\S.*\\n)+)")))
                .as("helm/chartbox/values.yaml's worker.javaOpts").containsAll(cli);
    }

    @Test
    void theTestsCompileTheGuestAsTheCliDoes() throws IOException {
        List<String> compilerFlags = guestFlagsOfTheCli().stream()
                .filter(flag -> flag.startsWith("-XX:") && !flag.matches("-XX:\\+Use\\w+GC")) // tests keep the default collector
                .toList();

        assertThat(flags(find("pom.xml", "<guest.jvm.flags>([^<]*)</guest.jvm.flags>")))
                .as("the root pom's guest.jvm.flags").containsExactlyInAnyOrderElementsOf(compilerFlags);
    }

    private static List<String> guestFlagsOfTheCli() throws IOException {
        List<String> cli = flags(find("bin/chartbox", "GUEST_JIT_FLAGS=\\(([^)]*)\\)"));
        assertThat(cli).contains("-XX:-DontCompileHugeMethods"); // the pattern found the real list
        return cli;
    }

    private static String find(String file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(ROOT.resolve(file)));
        assertThat(m.find()).as("%s matches %s", file, regex).isTrue();
        return m.group(1);
    }

    private static List<String> flags(String text) {
        return Arrays.stream(text.replace("\\\n", " ").split("\\s+"))
                .filter(word -> word.startsWith("-"))
                .toList();
    }
}
