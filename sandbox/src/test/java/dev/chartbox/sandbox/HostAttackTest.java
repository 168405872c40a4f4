package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that try to make the host spend: one per kind of host resource (path arguments,
 * read/write sizes, iovec counts, open descriptors, directory listings, links and directories
 * against the file quota, the driver's control files, artifact collection, blocking host calls,
 * guest memory faults). Each is a file in {@code attacks/} whose header says what it deserves:
 *
 * <pre>
 * # expect: STATUS           the status the run must end with
 * # deadline: SECONDS        its deadline (default 10)
 * # memory: MIB              its memory cap (default 512)
 * # stdout: TEXT             a line its stdout must contain
 * # error: TEXT              text its error ("type: message") must contain
 * </pre>
 *
 * Every one must also end within its deadline plus one second, cost the host no single
 * allocation larger than {@link #LARGEST_HOST_ALLOCATION} while the guest runs (whatever size it
 * asked for) apart from its linear memory, which must stay within the run's memory limit, and leave
 * the sandbox serving the next program as if nothing had happened. The
 * largest allocations are printed at the end (the figures in docs/notes/sandbox-bounds.md).
 */
class HostAttackTest {

    /**
     * The largest single allocation the host may make for a guest: one I/O chunk, or a stream
     * buffer growing to its cap (a ByteArrayOutputStream doubles), with room to spare.
     */
    static final long LARGEST_HOST_ALLOCATION = 4L << 20;

    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    private final ChicorySandbox sandbox = TestSandbox.shared();

    /** What each attack cost, printed at the end: the measurement behind the README's heap bound. */
    private static final Map<String, String> COSTS = new ConcurrentSkipListMap<>();

    @AfterAll
    static void printCosts() {
        System.out.printf("%n%-28s %-22s %9s %16s %16s%n", "attack", "status", "wall (s)", "guest thread", "collecting");
        COSTS.forEach((attack, cost) -> System.out.printf("%-28s %s%n", attack, cost));
    }

    private static final Path ATTACKS = attacksFolder();

    static Stream<String> attacks() throws IOException {
        try (var files = Files.list(ATTACKS)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".py")).sorted().toList().stream();
        }
    }

    private static Path attacksFolder() {
        try {
            return Path.of(HostAttackTest.class.getResource("/attacks").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void endsAsItDeservesWithinItsDeadlineAtABoundedCostAndTheNextRunWorks(String attack) throws Exception {
        String code = Files.readString(ATTACKS.resolve(attack), StandardCharsets.UTF_8);
        Map<String, String> header = header(code);
        var deadline = header.containsKey("deadline") ? Duration.ofSeconds(Long.parseLong(header.get("deadline"))) : DEFAULT_DEADLINE;
        var limits = Limits.defaults().withDeadline(deadline)
                .withMemoryBytes(Long.parseLong(header.getOrDefault("memory", "512")) << 20);

        var allocations = HostAllocations.during(() -> sandbox.run(SandboxRequest.of(code).withLimits(limits)));
        SandboxResult result = allocations.result();
        COSTS.put(attack, String.format("%-22s %9.2f %,14d B %,14d B", result.status(), result.timings().total().toMillis() / 1000.0,
                allocations.largestOnGuestThreads(), allocations.largestOnCallingThread()));

        String error = result.error().map(e -> e.type() + ": " + e.message()).orElse("");
        assertThat(result.status()).as("status (error %s, stdout %s)", error, head(result.stdout().text()))
                .isEqualTo(Status.valueOf(header.get("expect")));
        assertThat(result.timings().total()).as("wall time").isLessThanOrEqualTo(deadline.plusSeconds(1));
        if (header.containsKey("stdout")) {
            assertThat(result.stdout().text()).contains(header.get("stdout"));
        }
        if (header.containsKey("error")) {
            assertThat(error).contains(header.get("error"));
        }
        assertThat(allocations.largestOnGuestThreads()).as("largest allocation on the guest's thread")
                .isLessThanOrEqualTo(LARGEST_HOST_ALLOCATION);
        assertThat(allocations.largestOnCallingThread()).as("largest allocation while collecting the run's output")
                .isLessThanOrEqualTo(Math.max(LARGEST_HOST_ALLOCATION, result.artifacts().stream().mapToLong(Artifact::size).max().orElse(0)));
        assertThat(allocations.largestLinearMemory()).as("largest linear memory array (the memory and its reserve)")
                .isLessThanOrEqualTo(limits.memoryBytes() + 1024);

        var next = sandbox.run(SandboxRequest.of("import numpy as np\nprint(int(np.arange(5).sum()))"));
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(next.stdout().text()).isEqualTo("10\n");
    }

    /** The "# key: value" lines at the top of a program. */
    private static Map<String, String> header(String code) {
        var header = new LinkedHashMap<String, String>();
        code.lines().takeWhile(line -> line.startsWith("#")).forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
            }
        });
        assertThat(header).as("the header names the expected status").containsKey("expect");
        return header;
    }

    private static String head(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
