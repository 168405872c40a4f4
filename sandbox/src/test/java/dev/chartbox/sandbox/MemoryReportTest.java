package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Status;
import org.junit.jupiter.api.Test;

/** A run reports the guest memory it ended with, which the worker's metrics and sizing rely on. */
class MemoryReportTest {

    private static final long MIB = 1L << 20;

    private final ChicorySandbox sandbox = TestSandbox.shared();

    @Test
    void aSmallProgramReportsAboutTheSnapshotsMemory() {
        var result = sandbox.run(SandboxRequest.of("print(1 + 1)"));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.memoryBytes()).isBetween(sandbox.baselineMemoryBytes(), sandbox.baselineMemoryBytes() + 64 * MIB);
        assertThat(result.memoryBytes() % 65536).isZero();
    }

    @Test
    void aChartCostsTheJvmLittleHeapBesidesItsLinearMemory() {
        var chart = CorpusProgram.read(CorpusProgram.directory().resolve("bar_chart.py"));
        var result = sandbox.run(SandboxRequest.of(chart.code()));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        // Results of the guest's calls come back in the thread's reused arrays (ResultArrays): a new
        // long[] per call was ~200 MiB for this chart.
        assertThat(result.hostAllocatedBytes()).isBetween(0L, 16 * MIB);
    }

    @Test
    void aProgramThatAllocatesABigArrayReportsThatMuchMoreThanTheSnapshot() {
        var result = sandbox.run(SandboxRequest.of("import numpy as np\nbig = np.ones(24 * 1024 * 1024)\nprint(big.nbytes)"));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        // The array may reuse some free heap of the snapshot, never much of it.
        assertThat(result.memoryBytes()).isGreaterThanOrEqualTo(sandbox.baselineMemoryBytes() + 160 * MIB);
        assertThat(result.memoryBytes()).isLessThanOrEqualTo(Limits.defaults().memoryBytes());
    }
}
