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
        // the sandbox's own variables, and the two scikit-learn sets for itself on import (in the snapshot)
        assertThat(result.stdout().text().lines()).containsExactly("HOME", "KMP_DUPLICATE_LIB_OK", "KMP_INIT_AT_FORK",
                "MPLBACKEND", "MPLCONFIGDIR", "PYTHONTZPATH", "PYTHONUNBUFFERED", "TMPDIR");
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

    @Test
    void theSharedLibraryRefusesEveryChangeAndTheNextRunFindsItIntact() {
        String fingerprint = """
                import hashlib, os
                zip_path = '/usr/local/lib/python315.zip'
                digest = hashlib.sha256()
                for top, dirs, files in os.walk(zip_path + '/matplotlib/mpl-data'):
                    dirs.sort()
                    for name in sorted(dirs) + sorted(files):
                        path = os.path.join(top, name)
                        st = os.stat(path)
                        digest.update(f'{path} {st.st_mode} {st.st_size} {st.st_mtime_ns} {st.st_atime_ns}\\n'.encode())
                        if name in files:
                            digest.update(open(path, 'rb').read())
                st = os.stat(zip_path)
                digest.update(f'{st.st_size} {st.st_mtime_ns} {st.st_atime_ns}'.encode())
                digest.update(open(zip_path, 'rb').read())
                print(digest.hexdigest())""";
        var before = run(fingerprint);
        assertThat(before.status()).as("%s", before.error()).isEqualTo(Status.SUCCEEDED);

        var attack = run("""
                import os, shutil
                lib = '/usr/local/lib'
                zip_path = lib + '/python315.zip'
                mpl = zip_path + '/matplotlib/mpl-data'
                font = mpl + '/fonts/ttf/DejaVuSans.ttf'
                open('/work/mine', 'w').write('mine')
                def truncate_read_only_fd():
                    fd = os.open(font, os.O_RDONLY)
                    try:
                        os.ftruncate(fd, 0)
                    finally:
                        os.close(fd)
                attempts = {
                    'overwrite zip': lambda: open(zip_path, 'wb').write(b'gone'),
                    'append to zip': lambda: open(zip_path, 'ab').write(b'gone'),
                    'patch zip in place': lambda: open(zip_path, 'r+b').write(b'gone'),
                    'overwrite font': lambda: open(font, 'wb').write(b''),
                    'truncate font': lambda: os.truncate(font, 0),
                    'truncate a read-only fd': truncate_read_only_fd,
                    'delete font': lambda: os.unlink(font),
                    'delete zip': lambda: os.unlink(zip_path),
                    'rename font': lambda: os.rename(font, mpl + '/fonts/ttf/moved.ttf'),
                    'move font out': lambda: os.rename(font, '/work/moved.ttf'),
                    'move a file in': lambda: os.rename('/work/mine', mpl + '/mine'),
                    'replace zip': lambda: os.replace('/work/mine', zip_path),
                    'hard-link font out': lambda: os.link(font, '/work/linked.ttf'),
                    'hard-link a file in': lambda: os.link('/work/mine', mpl + '/mine'),
                    'symlink in': lambda: os.symlink('/work/mine', mpl + '/mine'),
                    'create a file': lambda: open(mpl + '/new.txt', 'w').write('new'),
                    'create a file beside the zip': lambda: open(lib + '/new.txt', 'w').write('new'),
                    'make a directory': lambda: os.mkdir(mpl + '/newdir'),
                    'remove a directory': lambda: os.rmdir(mpl + '/fonts/afm'),
                    'remove a tree': lambda: shutil.rmtree(mpl + '/stylelib'),
                    'set times': lambda: os.utime(font, (0, 0)),
                }
                for name, attempt in attempts.items():
                    try:
                        attempt()
                        print(name, 'CHANGED')
                    except OSError as e:
                        print(name, 'refused')
                try:
                    os.chmod(font, 0o777)  # WASI has no chmod: a no-op, checked by the fingerprint
                except OSError:
                    pass""");

        assertThat(attack.status()).as("%s", attack.error()).isEqualTo(Status.SUCCEEDED);
        assertThat(attack.stdout().text().lines()).hasSize(21).allSatisfy(line -> assertThat(line).endsWith(" refused"));
        var after = run(fingerprint);
        assertThat(after.status()).as("%s", after.error()).isEqualTo(Status.SUCCEEDED);
        assertThat(after.stdout().text()).isEqualTo(before.stdout().text());
    }
}
