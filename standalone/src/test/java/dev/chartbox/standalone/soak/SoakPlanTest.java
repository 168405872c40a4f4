package dev.chartbox.standalone.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartbox.standalone.soak.JobMix.Kind;
import dev.chartbox.standalone.soak.JobMix.Program;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The soak's plan: options, the seeded job sequence, the report's arithmetic. */
class SoakPlanTest {

    /** Surefire runs in standalone/; the soak reads programs from the repository. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theFullSoakMeetsTheIssuesProofAndTheShortOneIsSmallerButStillHasEveryFault() {
        SoakOptions full = SoakOptions.parse(new String[0], ROOT);
        SoakOptions ci = SoakOptions.parse(new String[] {"--short"}, ROOT);

        assertThat(full.jobs()).isGreaterThanOrEqualTo(1000);
        assertThat(full.kills()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(full.brokerRestart()).isPresent();
        assertThat(full.s3OutageLength()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ci.jobs()).isBetween(100, 999);
        assertThat(ci.kills()).hasSize(1);
        assertThat(ci.s3Outage()).isPresent();
        assertThat(ci.s3OutageLength()).isLessThan(full.s3OutageLength());
    }

    @Test
    void optionsOverrideThePresetAndNoneTurnsAFaultOff() {
        SoakOptions options = SoakOptions.parse(new String[] {"--short", "--jobs", "7", "--kills", "0.1,0.9",
                "--broker-restart", "none", "--mix", "chart=1"}, ROOT);

        assertThat(options.jobs()).isEqualTo(7);
        assertThat(options.kills()).containsExactly(0.1, 0.9);
        assertThat(options.brokerRestart()).isEmpty();
        assertThat(options.mix()).isEqualTo(Map.of(Kind.CHART, 1.0));
    }

    @Test
    void aFaultOutsideTheRunIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--s3-outage", "1.5"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--s3-outage");
        assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--jobs"}, ROOT))
                .hasMessageContaining("--jobs needs a value");
    }

    @Test
    void theSameSeedGivesTheSameJobsAndPoisonPillsAreSpreadOverTheRun() throws Exception {
        JobMix mix = JobMix.load(ROOT);
        Map<Kind, Double> weights = SoakOptions.full(ROOT).mix();

        List<Program> first = mix.sequence(1000, weights, 0.005, 15);
        List<Program> again = mix.sequence(1000, weights, 0.005, 15);
        List<Program> other = mix.sequence(1000, weights, 0.005, 16);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        List<Integer> poison = IntStream.range(0, first.size()).filter(i -> first.get(i).kind() == Kind.POISON).boxed().toList();
        assertThat(poison).containsExactly(100, 300, 500, 700, 900);
        assertThat(first).extracting(Program::kind).contains(Kind.CHART, Kind.FAILING, Kind.RUNAWAY, Kind.ATTACK);
    }

    @Test
    void corpusChartsCarryTheirInputFilesAndEveryJobItsKindInMetadata() throws Exception {
        Program csv = JobMix.load(ROOT).sequence(2000, Map.of(Kind.CHART, 1.0), 0, 1).stream()
                .filter(p -> p.name().equals("csv_input.py")).findFirst().orElseThrow();

        Map<String, Object> submission = csv.submission(3);

        assertThat(submission.get("files")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().satisfies(file -> assertThat(((Map<?, ?>) file).get("name")).isEqualTo("sales.csv"));
        assertThat(submission.get("metadata")).isEqualTo(Map.of("soak", "chart", "program", "csv_input.py", "index", "3"));
    }

    @Test
    void anAttackSuiteHeaderSetsTheJobsDeadlineMemoryAndExpectedStatus() throws Exception {
        List<Program> attacks = JobMix.load(ROOT).sequence(3000, Map.of(Kind.ATTACK, 1.0), 0, 1);

        Program sleeper = attacks.stream().filter(p -> p.name().equals("sleep-past-deadline.py")).findFirst().orElseThrow();
        Program own = attacks.stream().filter(p -> p.name().equals("fork.py")).findFirst().orElseThrow();

        assertThat(sleeper.limits()).isEqualTo(Map.of("deadlineSeconds", 3, "memoryMiB", 512));
        assertThat(sleeper.expected()).contains("TIMED_OUT");
        assertThat(own.limits()).isEqualTo(Map.of("deadlineSeconds", 10, "memoryMiB", 512));
        assertThat(own.expected()).isEmpty();
    }

    @Test
    void percentilesAreNearestRank() {
        List<Duration> values = IntStream.rangeClosed(1, 100).mapToObj(Duration::ofSeconds).toList();

        assertThat(SoakReport.percentile(values, 50)).isEqualTo(Duration.ofSeconds(50));
        assertThat(SoakReport.percentile(values, 99)).isEqualTo(Duration.ofSeconds(99));
        assertThat(SoakReport.percentile(List.of(Duration.ofSeconds(7)), 99)).isEqualTo(Duration.ofSeconds(7));
        assertThat(SoakReport.percentile(List.of(), 50)).isNull();
    }

    @Test
    void theApiKeyIsSentAndOnlyItsHashIsGivenToTheApi() {
        String key = SoakClient.newApiKey();

        assertThat(key).startsWith("cbx_").hasSize(4 + 43);
        assertThat(SoakClient.keysFileLine(key)).matches("soak:[0-9a-f]{64}").doesNotContain(key.substring(4));
        assertThat(SoakClient.newApiKey()).isNotEqualTo(key);
    }
}
