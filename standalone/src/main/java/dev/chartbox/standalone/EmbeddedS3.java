package dev.chartbox.standalone;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server in this JVM (S3Proxy), with signature checks on, so clients talk to
 * it exactly as to MinIO or AWS. Objects live in memory, or in a directory when one is given.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final BlobStore store;
    private final String host;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;

    private EmbeddedS3(BlobStore store, String host, int port, String accessKey, String secretKey) {
        this.store = store;
        this.host = host;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server on {@code port} (0: any free port), in memory or under {@code directory}. */
    public static EmbeddedS3 start(int port, Optional<Path> directory, String accessKey, String secretKey) throws Exception {
        BlobStore store;
        if (directory.isPresent()) {
            Files.createDirectories(directory.get());
            store = new FilesystemNio2BlobStore(directory.get().toString());
        } else {
            store = new TransientNio2BlobStore();
        }
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        EmbeddedS3 s3 = new EmbeddedS3(store, host, port == 0 ? EmbeddedKafka.freePort() : port, accessKey, secretKey);
        s3.resume();
        return s3;
    }

    /** Stops serving (clients get connection refused); the objects stay for {@link #resume()}. */
    public synchronized void pause() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Serves again on the same port, with the same objects. */
    public synchronized void resume() throws Exception {
        if (proxy != null) {
            return;
        }
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        started.start();
        while (!"STARTED".equals(started.getState())) {
            Thread.sleep(10);
        }
        proxy = started;
    }

    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            pause();
        } catch (Exception e) {
            throw new IllegalStateException("stopping S3Proxy failed", e);
        }
    }
}
