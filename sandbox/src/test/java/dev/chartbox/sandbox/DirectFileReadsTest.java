package dev.chartbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.sandbox.SandboxResult.Status;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectFileReadsTest {

    private final ChicorySandbox sandbox = TestSandbox.shared();

    @Test
    void reachesChicorysDescriptorsSoFileReadsGoStraightIntoMemory() {
        assertThat(DirectFileReads.available()).isTrue();
    }

    @Test
    void readsFilesExactlyAsTheyAreWhateverTheReadPattern() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new Random(16).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        var result = sandbox.run(SandboxRequest.of("""
                import hashlib, os
                def sha(b): return hashlib.sha256(b).hexdigest()
                whole = open("data.bin", "rb").read()
                with open("data.bin", "rb", buffering=0) as f:
                    parts = []
                    while chunk := f.read(70001):
                        parts.append(chunk)
                    assert f.read(10) == b""
                    f.seek(5)
                    five = f.read(3)
                with open("data.bin", "rb") as f:  # buffered: seek, then small reads refill the buffer
                    f.seek(len(whole) - 100)
                    tail = f.read(1000)
                    f.seek(1)
                    one = f.read(1)
                fd = os.open("data.bin", os.O_RDONLY)
                at = os.pread(fd, 4, 1000)
                os.lseek(fd, 10, os.SEEK_SET)
                big = os.read(fd, 2 << 20)  # past the host's 1 MiB per call: a short read
                os.lseek(fd, -3, os.SEEK_END)
                end = os.read(fd, 100), os.read(fd, 100)
                os.close(fd)
                print(sha(whole), sha(b"".join(parts)), five == whole[5:8], tail == whole[-100:], one == whole[1:2],
                      at == whole[1000:1004], len(big), big == whole[10:10 + len(big)], end == (whole[-3:], b""))
                """).withFile("data.bin", data));

        assertThat(result.status()).as("%s %s", result.error(), result.stderr().text()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.stdout().text().strip())
                .isEqualTo(sha + " " + sha + " True True True True " + (1 << 20) + " True True");
    }
}
