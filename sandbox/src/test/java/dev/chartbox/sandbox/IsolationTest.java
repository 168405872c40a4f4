package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every run starts from the same snapshot, yet no run can see or shape another. */
class IsolationTest {

    private final ChicorySandbox sandbox = TestSandbox.shared();

    private SandboxResult run(String code) {
        return sandbox.run(SandboxRequest.of(code));
    }

    @Test
    void twoRunsFromOneSnapshotDrawDifferentRandomNumbers() {
        String code = """
                import random, tempfile, uuid
                import numpy as np
                print(random.random(), np.random.rand(), next(tempfile._get_candidate_names()), uuid.uuid4())""";

        var first = run(code);
        var second = run(code);

        assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
        var a = first.stdout().text().split(" ");
        var b = second.stdout().text().split(" ");
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("random value %d", i).isNotEqualTo(b[i]);
        }
    }

    @Test
    void aRunSeesNoneOfAnEarlierRunsFilesGlobalsOrModuleState() {
        var planter = run("""
                import builtins, json, sys
                import matplotlib.pyplot as plt
                open('/work/secret.txt', 'w').write('secret')
                open('/tmp/secret.txt', 'w').write('secret')
                open('/home/secret.txt', 'w').write('secret')
                builtins.planted = 'builtin'
                json.planted = 'module attribute'
                sys.modules['planted_module'] = json
                plt.rcParams['lines.linewidth'] = 9
                secret_global = 1""");
        assertThat(planter.status()).isEqualTo(Status.SUCCEEDED);

        var observer = run("""
                import builtins, json, os, sys
                import matplotlib.pyplot as plt
                print(sorted(os.listdir('.')), sorted(os.listdir('/tmp')), sorted(os.listdir('/home')))
                print(hasattr(builtins, 'planted'), hasattr(json, 'planted'), 'planted_module' in sys.modules)
                print(plt.rcParams['lines.linewidth'], 'secret_global' in globals())""");

        assertThat(observer.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(observer.stdout().text()).isEqualTo("""
                ['main.py'] [] []
                False False False
                1.5 False
                """);
    }

    @Test
    void aRunsUninitialisedMemoryHoldsNothingAnEarlierRunWrote() {
        // np.empty hands out memory as the allocator finds it: the same addresses in every run from
        // the snapshot, and later runs restore into the memory arrays of ended ones.
        var planter = run("import numpy as np\nblock = np.full(2 << 20, 0x5EC2E7_0F_A_2A11, dtype=np.uint64)");
        assertThat(planter.status()).isEqualTo(Status.SUCCEEDED);
        for (int i = 0; i < 3; i++) {
            var observer = run("import numpy as np\nblock = np.empty(2 << 20, dtype=np.uint64)\nprint(int((block == 0x5EC2E7_0F_A_2A11).sum()))");
            assertThat(observer.status()).isEqualTo(Status.SUCCEEDED);
            assertThat(observer.stdout().text()).as("run %d after", i + 1).isEqualTo("0\n");
        }
    }

    @Test
    void theProgramRunsAsMainPyInAWorkingDirectoryWithItsInputFiles() {
        var result = sandbox.run(SandboxRequest.of("""
                import os, sys
                print(__name__, sys.argv, os.getcwd(), sorted(os.listdir('.')))
                print(open('data.csv').read().strip())""").withFile("data.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text()).isEqualTo("__main__ ['main.py'] /work ['data.csv', 'main.py']\na,b\n1,2\n");
        assertThat(result.artifacts()).isEmpty();
    }

    @Test
    void theWallClockIsTheHosts() {
        long before = System.currentTimeMillis() / 1000;
        var result = run("import time\nprint(int(time.time()))");
        long after = System.currentTimeMillis() / 1000;

        assertThat(Long.parseLong(result.stdout().text().trim())).isBetween(before, after);
    }

    @Test
    void concurrentRunsKeepTheirOwnOutput() {
        var first = CompletableFuture.supplyAsync(() -> run("print(sum(range(1000)))"));
        var second = CompletableFuture.supplyAsync(() -> run("print('second')"));

        assertThat(first.join().stdout().text()).isEqualTo("499500\n");
        assertThat(second.join().stdout().text()).isEqualTo("second\n");
    }
}
