package dev.chartbox.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalDouble;

/** Order statistics of a handful of samples: the median and the 90th percentile (nearest rank). */
final class Stats {

    private Stats() {}

    static double median(Collection<Double> samples) {
        double[] s = sorted(samples);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The smallest sample at or above 90% of them: with 3 samples, the largest. */
    static double p90(Collection<Double> samples) {
        double[] s = sorted(samples);
        return s[(int) Math.ceil(0.9 * s.length) - 1];
    }

    static double min(Collection<Double> samples) {
        return sorted(samples)[0];
    }

    static double max(Collection<Double> samples) {
        double[] s = sorted(samples);
        return s[s.length - 1];
    }

    /** The geometric mean of positive values; empty when there are none. */
    static OptionalDouble geometricMean(Collection<Double> values) {
        double logSum = 0;
        int n = 0;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                logSum += Math.log(v);
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logSum / n));
    }

    private static double[] sorted(Collection<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }
}
