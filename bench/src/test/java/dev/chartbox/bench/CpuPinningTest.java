package dev.chartbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuPinningTest {

    @Test
    void confinesEveryThreadOfAProcessToTheFirstCoresUntilClosed() throws Exception {
        var pinning = CpuPinning.available();
        assumeTrue(pinning.isPresent() && pinning.get().cores() >= 2, "needs Linux and two cores");
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            String before = coresOf(child.pid());

            var confinement = pinning.get().pin(List.of(child.pid()), 1);
            String pinned = coresOf(child.pid());
            confinement.close();

            assertThat(pinned).isNotEqualTo(before).doesNotContain(",").doesNotContain("-");
            assertThat(before).startsWith(pinned);
            assertThat(coresOf(child.pid())).isEqualTo(before);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void refusesMoreCoresThanTheProcessMayUse() {
        var pinning = CpuPinning.available();
        assumeTrue(pinning.isPresent(), "needs Linux");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> pinning.get().pin(List.of(ProcessHandle.current().pid()), pinning.get().cores() + 1));
    }

    @Test
    void readsTheKernelsCpuLists() {
        assertThat(CpuPinning.cpus("0")).containsExactly(0);
        assertThat(CpuPinning.cpus("0-3,6")).containsExactly(0, 1, 2, 3, 6);
        assertThat(CpuPinning.cpus("2,4-5")).containsExactly(2, 4, 5);
    }

    /** The kernel's own account of the cores a process's main thread may run on, e.g. "0-1". */
    private static String coresOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring("Cpus_allowed_list:".length()).trim())
                .findFirst().orElseThrow();
    }
}
