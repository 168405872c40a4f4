package dev.chartbox.api;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A real S3 server for tests: S3Proxy in memory, with signature checks on. */
final class S3Server implements AutoCloseable {

    static final String ACCESS_KEY = "chartbox-test";
    static final String SECRET_KEY = "chartbox-test-secret";
    static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final String endpoint;
    private final MinioClient client;

    private S3Server(S3Proxy proxy, String endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = MinioClient.builder().endpoint(endpoint).region(REGION).credentials(ACCESS_KEY, SECRET_KEY).build();
    }

    static S3Server start() throws Exception {
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://" + host + ":" + port;
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new S3Server(proxy, endpoint);
    }

    String endpoint() {
        return endpoint;
    }

    void put(String bucket, String key, byte[] content, String contentType) throws Exception {
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        } catch (io.minio.errors.ErrorResponseException e) {
            // already there
        }
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType(contentType).build());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
