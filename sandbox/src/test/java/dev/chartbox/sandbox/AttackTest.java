package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and runaway programs: each ends with exactly the status it deserves, and the sandbox
 * serves the next program as if nothing had happened.
 */
class AttackTest {

    private static final Duration SHORT_DEADLINE = Duration.ofSeconds(3);

    private final ChicorySandbox sandbox = TestSandbox.shared();

    private SandboxResult run(String code) {
        return sandbox.run(SandboxRequest.of(code));
    }

    private SandboxResult run(String code, Limits limits) {
        return sandbox.run(SandboxRequest.of(code).withLimits(limits));
    }

    @AfterEach
    void theNextRunWorks() {
        var result = run("import numpy as np\nprint(int(np.arange(5).sum()))");
        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text()).isEqualTo("10\n");
    }

    @Test
    void anInfiniteLoopIsStoppedWithinItsDeadlinePlusOneSecond() {
        var result = run("while True:\n    pass", Limits.defaults().withDeadline(SHORT_DEADLINE));

        assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
        assertThat(result.timings().execute()).isLessThan(SHORT_DEADLINE.plusSeconds(1));
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("TimeoutError"));
    }

    @Test
    void aLongComputationInsideNumpyIsStoppedAtItsDeadline() {
        var result = run("import numpy as np\nwhile True:\n    np.sort(np.random.rand(200_000))",
                Limits.defaults().withDeadline(SHORT_DEADLINE));

        assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
        assertThat(result.timings().execute()).isLessThan(SHORT_DEADLINE.plusSeconds(1));
    }

    @Test
    void aMemoryBombEndsMemoryExceededNotAJvmOutOfMemoryError() {
        var result = run("chunks = []\nwhile True:\n    chunks.append(bytearray(8 * 1024 * 1024))",
                Limits.defaults().withMemoryBytes(256L << 20));

        assertThat(result.status()).isEqualTo(Status.MEMORY_EXCEEDED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("MemoryError"));
    }

    @Test
    void oneHugeAllocationEndsMemoryExceeded() {
        var result = run("import numpy as np\nhuge = np.ones((12_000, 12_000))");

        assertThat(result.status()).isEqualTo(Status.MEMORY_EXCEEDED);
    }

    @Test
    void hostFilesAreNotThere() {
        var result = run("print(open('/etc/passwd').read())");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("FileNotFoundError"));
    }

    @Test
    void pathTraversalFindsNothingOfTheHost() {
        var result = run("""
                for path in ['../../../../etc/hostname', '/../../etc/passwd', '/work/../../proc/self/environ',
                             '/usr/local/lib/../../../../root/.bashrc']:
                    try:
                        open(path).read()
                        print('READ', path)
                    except OSError as e:
                        print(type(e).__name__)""");

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text()).doesNotContain("READ");
        assertThat(result.stdout().text().lines()).hasSize(4);
    }

    @Test
    void theEnvironmentHoldsNoHostVariable() {
        var result = run("import os\nfor k in sorted(os.environ): print(k)");

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text().lines())
                .containsExactly("HOME", "MPLBACKEND", "MPLCONFIGDIR", "PYTHONTZPATH", "PYTHONUNBUFFERED", "TMPDIR");
    }

    @Test
    void socketsCannotConnect() {
        var result = run("import socket\nsocket.create_connection(('127.0.0.1', 80), timeout=1)");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).isPresent();
    }

    @Test
    void subprocessesCannotStart() {
        var result = run("import subprocess\nsubprocess.run(['ls', '/'])");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).isPresent();
    }

    @Test
    void ctypesCannotLoadNativeCode() {
        var result = run("import ctypes\nctypes.CDLL(None)");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("OSError"));
    }

    @Test
    void hugeStdoutIsTruncatedAtItsCapAndFlagged() {
        var result = run("print('A' * 5_000_000)", Limits.defaults().withStreamBytes(64 * 1024, 64 * 1024));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().truncated()).isTrue();
        assertThat(result.stdout().text()).hasSize(64 * 1024);
    }

    @Test
    void deepRecursionEndsAsARecursionError() {
        var result = run("def down(n):\n    return down(n + 1)\ndown(0)");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("RecursionError"));
    }

    @Test
    void recursionPastARaisedLimitEndsAsATypedFailure() {
        var result = run("""
                import sys
                sys.setrecursionlimit(10_000_000)
                nested = []
                for _ in range(100_000):
                    nested = [nested]
                print(repr(nested)[:10])""");

        assertThat(result.status()).isIn(Status.FAILED, Status.MEMORY_EXCEEDED);
        assertThat(result.error()).isPresent();
    }

    @Test
    void fillingTheDiskEndsOutputLimitExceeded() {
        var result = run("""
                with open('/tmp/fill.bin', 'wb') as f:
                    while True:
                        f.write(b'x' * 1024 * 1024)""");

        assertThat(result.status()).isEqualTo(Status.OUTPUT_LIMIT_EXCEEDED);
    }

    @Test
    void creatingTooManyFilesEndsOutputLimitExceeded() {
        var result = run("""
                for i in range(100_000):
                    open(f'/tmp/f{i}', 'w').close()""");

        assertThat(result.status()).isEqualTo(Status.OUTPUT_LIMIT_EXCEEDED);
    }

    @Test
    void tooManyImagesEndOutputLimitExceededKeepingThoseThatFit() {
        var result = run("""
                import matplotlib.pyplot as plt
                plt.plot([1, 2])
                for i in range(5):
                    plt.savefig(f'chart_{i}.png')""", Limits.defaults().withOutput(3, 20L << 20));

        assertThat(result.status()).isEqualTo(Status.OUTPUT_LIMIT_EXCEEDED);
        assertThat(result.artifacts()).extracting(Artifact::name).containsExactly("chart_0.png", "chart_1.png", "chart_2.png");
    }

    @Test
    void readingStdinFindsItEmpty() {
        var result = run("name = input('name? ')");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("EOFError"));
    }

    @Test
    void sysExitWithACodeEndsFailedWithThatCode() {
        var result = run("import sys\nprint('bye')\nsys.exit(3)");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout().text()).isEqualTo("bye\n");
    }

    @Test
    void sysExitZeroIsSuccess() {
        var result = run("import sys\nsys.exit(0)");

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void osExitEndsTheInstanceWithItsCode() {
        var result = run("import os\nos._exit(7)");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.exitCode()).isEqualTo(7);
    }

    @Test
    void forkIsNotAvailable() {
        var result = run("import os\nos.fork()");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.type()).isEqualTo("AttributeError"));
    }

    @Test
    void overwritingTheStdlibReachesNoOtherRun() {
        var result = run("""
                open('/usr/local/lib/python315.zip', 'wb').write(b'gone')
                import os
                for name in os.listdir('/usr/local/lib/python315.zip/matplotlib/mpl-data/fonts/ttf'):
                    open('/usr/local/lib/python315.zip/matplotlib/mpl-data/fonts/ttf/' + name, 'wb').write(b'')""");

        assertThat(result.status()).isIn(Status.SUCCEEDED, Status.FAILED);
        var next = run("import json, matplotlib.pyplot as plt\nplt.title('fonts intact')\nplt.plot([1, 2])\nprint(json.dumps([1]))");
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(next.artifacts()).hasSize(1);
    }
}
