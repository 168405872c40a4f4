package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleSample() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
        assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }

    @Test
    void p90IsTheNearestRankSoThreeSamplesGiveTheLargest() {
        assertThat(Stats.p90(List.of(1.0, 5.0, 2.0))).isEqualTo(5.0);
        assertThat(Stats.p90(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0))).isEqualTo(10.0);
    }

    @Test
    void theGeometricMeanSkipsValuesThatAreNotPositive() {
        assertThat(Stats.geometricMean(List.of(2.0, 8.0, 0.0)).getAsDouble()).isCloseTo(4.0, within(1e-12));
        assertThat(Stats.geometricMean(List.of())).isEmpty();
    }
}
