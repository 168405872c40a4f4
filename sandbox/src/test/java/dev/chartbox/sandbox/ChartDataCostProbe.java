package dev.chartbox.sandbox;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement, not a test: what reading chart data costs a job in the guest. Runs each program
 * alternately as is and with chart data off (the program first replaces the driver's reader, as any
 * program could), and prints the median execute time of both and their difference.
 *
 * <pre>
 * java -Xmx3g -XX:-DontCompileHugeMethods -XX:MaxNodeLimit=400000 -XX:NodeLimitFudgeFactor=8000 \
 *     -XX:-ClipInlining -XX:MaxTrivialSize=32 -XX:ReservedCodeCacheSize=512m --sun-misc-unsafe-memory-access=allow \
 *     -cp sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/classpath.txt) \
 *     dev.chartbox.sandbox.ChartDataCostProbe 5 sandbox/src/test/resources/corpus/bar_chart.py ...
 * </pre>
 */
final class ChartDataCostProbe {

    private static final String CHART_DATA_OFF = "import _chartbox\n_chartbox._chart_json = lambda figure: None\n";

    private ChartDataCostProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        try (ChicorySandbox sandbox = ChicorySandbox.start(1)) {
            sandbox.warmUp(3);
            for (int i = 1; i < args.length; i++) {
                Path program = Path.of(args[i]);
                String code = Files.readString(program, StandardCharsets.UTF_8);
                List<Long> on = new ArrayList<>(), off = new ArrayList<>();
                int charts = 0;
                long chartBytes = 0;
                String lastValue = "none";
                for (int round = 0; round < rounds; round++) {
                    var with = run(sandbox, code);
                    var without = run(sandbox, CHART_DATA_OFF + code);
                    on.add(with.timings().execute().toMillis());
                    off.add(without.timings().execute().toMillis());
                    charts = (int) with.artifacts().stream().filter(a -> a.chart().isPresent()).count();
                    chartBytes = with.artifacts().stream().mapToLong(a -> a.chart().map(String::length).orElse(0)).sum();
                    lastValue = with.display().map(SandboxResult.Display::type).orElse("none");
                }
                long medianOn = median(on), medianOff = median(off);
                System.out.printf("%-28s charts %d (%,d bytes), last value %s  execute median: with %,d ms, without %,d ms, difference %,d ms%n",
                        program.getFileName(), charts, chartBytes, lastValue, medianOn, medianOff, medianOn - medianOff);
            }
        }
    }

    private static SandboxResult run(ChicorySandbox sandbox, String code) {
        var result = sandbox.run(SandboxRequest.of(code).withLimits(Limits.defaults().withDeadline(Duration.ofSeconds(300))));
        if (result.status() != Status.SUCCEEDED) {
            throw new IllegalStateException(result.status() + " " + result.error());
        }
        return result;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
