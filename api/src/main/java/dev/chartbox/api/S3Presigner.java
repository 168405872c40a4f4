package dev.chartbox.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigned S3 GET URLs (AWS Signature Version 4, query-string form, path-style addressing), signed
 * locally. Ours rather than the MinIO client's because MinIO 9.0.0 adds an empty {@code versionId}
 * parameter to every presigned URL, which some S3 servers (S3Proxy among them) refuse.
 */
final class S3Presigner {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    /** SigV4's limit on a presigned URL's lifetime. */
    static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    S3Presigner(String endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    String presignGet(String bucket, String key, Instant now, Duration expiry) {
        long seconds = Math.max(1, Math.min(expiry.toSeconds(), MAX_EXPIRY.toSeconds()));
        String stamp = STAMP.format(now);
        String scope = DAY.format(now) + "/" + region + "/s3/aws4_request";
        String path = endpoint.getRawPath() + "/" + encode(bucket, false) + "/" + encode(key, true);
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + encode(accessKey + "/" + scope, false)
                + "&X-Amz-Date=" + stamp
                + "&X-Amz-Expires=" + seconds
                + "&X-Amz-SignedHeaders=host";
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String canonicalRequest = "GET\n" + path + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
        String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), DAY.format(now)), region), "s3"),
                "aws4_request");
        String signature = hex(hmac(signingKey, stringToSign));
        return endpoint.getScheme() + "://" + host + path + "?" + query + "&X-Amz-Signature=" + signature;
    }

    /** RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, '/' stays in keys. */
    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
