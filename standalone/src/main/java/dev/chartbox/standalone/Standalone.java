package dev.chartbox.standalone;

import dev.chartbox.api.ApiApplication;
import dev.chartbox.api.ApiKeys;
import dev.chartbox.sandbox.Sandbox;
import dev.chartbox.worker.WorkerApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The whole of chartbox in one JVM: a KRaft Kafka broker, an S3 server, the api and workers, each
 * app in a Spring context of its own, wired to each other exactly as separate processes would be
 * (over the broker's and the S3 server's sockets). {@link #close()} stops them in reverse order.
 */
public final class Standalone implements AutoCloseable {

    /**
     * What to start.
     *
     * @param apiKey the API key the api accepts (tenant {@value #TENANT}); a fresh one when empty
     */
    public record Options(int apiPort, Optional<Path> dataDir, int workers, int sandboxesPerWorker, Map<String, Object> extra,
            Optional<String> apiKey) {
        public static Options defaults() {
            return new Options(8080, Optional.empty(), 1, 1, Map.of(), Optional.empty());
        }

        public Options withApiPort(int port) {
            return new Options(port, dataDir, workers, sandboxesPerWorker, extra, apiKey);
        }

        public Options withDataDir(Path dir) {
            return new Options(apiPort, Optional.of(dir), workers, sandboxesPerWorker, extra, apiKey);
        }

        public Options withWorkers(int count) {
            return new Options(apiPort, dataDir, count, sandboxesPerWorker, extra, apiKey);
        }

        public Options withApiKey(String key) {
            return new Options(apiPort, dataDir, workers, sandboxesPerWorker, extra, Optional.of(key));
        }

        /** Properties for every app's context (e.g. shorter retry budgets in tests). */
        public Options withProperties(Map<String, Object> properties) {
            var all = new LinkedHashMap<>(extra);
            all.putAll(properties);
            return new Options(apiPort, dataDir, workers, sandboxesPerWorker, Map.copyOf(all), apiKey);
        }
    }

    private static final List<String> WORKER_SECURITY_EXCLUDES = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration");

    /** The tenant of the standalone system's API key. */
    public static final String TENANT = "local";

    /** Where Kafka and S3 are: started here, or external ones (e.g. containers). */
    public record Infrastructure(String bootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey) {

        /** The properties that point an api or a worker at this broker and S3 server (4 partitions per topic). */
        public Map<String, Object> appProperties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
            properties.put("chartbox.s3.endpoint", s3Endpoint);
            properties.put("chartbox.s3.access-key", s3AccessKey);
            properties.put("chartbox.s3.secret-key", s3SecretKey);
            properties.put("chartbox.topics.partitions", 4);
            return properties;
        }
    }

    private final Path dataDir;
    private final boolean ownDataDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final Infrastructure infrastructure;
    private final Optional<Sandbox> sharedSandbox;
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private ConfigurableApplicationContext api;
    private String apiKey;

    private Standalone(Path dataDir, boolean ownDataDir, EmbeddedKafka kafka, EmbeddedS3 s3, Optional<Sandbox> sharedSandbox) {
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        this.kafka = kafka;
        this.s3 = s3;
        this.sharedSandbox = sharedSandbox;
        this.infrastructure = kafka == null ? null : new Infrastructure(kafka.bootstrapServers(), s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    private Standalone(Infrastructure infrastructure, Optional<Sandbox> sharedSandbox) {
        this.dataDir = null;
        this.ownDataDir = false;
        this.kafka = null;
        this.s3 = null;
        this.sharedSandbox = sharedSandbox;
        this.infrastructure = infrastructure;
    }

    /** Starts the api and workers against Kafka and S3 that run elsewhere. */
    public static Standalone connect(Options options, Infrastructure infrastructure, Optional<Sandbox> sharedSandbox) {
        return startApps(new Standalone(infrastructure, sharedSandbox), options);
    }

    /**
     * Starts everything. With {@code sharedSandbox}, every worker runs jobs in that one sandbox (it
     * is thread-safe; tests use it to start a second worker without loading the guest twice), and
     * the caller closes it; otherwise each worker makes its own.
     */
    public static Standalone start(Options options, Optional<Sandbox> sharedSandbox) throws Exception {
        Path dataDir = options.dataDir().orElse(null);
        boolean own = dataDir == null;
        if (own) {
            dataDir = Files.createTempDirectory("chartbox-");
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        EmbeddedS3 s3;
        try {
            byte[] seed = new byte[16];
            new SecureRandom().nextBytes(seed);
            String secret = HexFormat.of().formatHex(seed);
            // Objects are kept on disk only when the caller chose the data directory.
            s3 = EmbeddedS3.start(0, own ? Optional.empty() : Optional.of(dataDir.resolve("s3")), "chartbox", secret);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return startApps(new Standalone(dataDir, own, kafka, s3, sharedSandbox), options);
    }

    private static Standalone startApps(Standalone system, Options options) {
        try {
            for (int i = 0; i < options.workers(); i++) {
                system.startWorker(options, "worker-" + (i + 1));
            }
            Map<String, Object> api = new LinkedHashMap<>(system.common(options));
            system.apiKey = options.apiKey().orElseGet(ApiKeys::generate);
            api.put("server.port", options.apiPort());
            // Only the key's hash leaves this class; the actuator gets a free port of its own.
            api.put("chartbox.api.auth.api-keys", ApiKeys.entry(TENANT, system.apiKey));
            api.put("management.server.port", 0);
            api.put("spring.config.name", "chartbox-api");
            system.api = ApiApplication.builder().run(arguments(api));
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
        return system;
    }

    /** Starts one more worker (joining the same consumer group), e.g. to take over from a stopped one. */
    public ConfigurableApplicationContext startWorker(Options options, String id) {
        Map<String, Object> properties = new LinkedHashMap<>(common(options));
        properties.put("server.port", 0);
        properties.put("spring.config.name", "chartbox-worker");
        properties.put("chartbox.worker.id", id);
        properties.put("chartbox.worker.sandboxes", options.sandboxesPerWorker());
        properties.put("chartbox.s3.bucket", "chartbox");
        // The api brings Spring Security onto this shared classpath; a worker has no users, and its
        // Actuator must stay open as in its own image (its port is for probes and Prometheus only).
        properties.put("spring.autoconfigure.exclude", String.join(",", WORKER_SECURITY_EXCLUDES));
        var builder = new SpringApplicationBuilder(WorkerApplication.class);
        sharedSandbox.ifPresent(sandbox -> builder.initializers(context ->
                // Registered without a destroy method: the owner closes the shared sandbox, not each worker.
                ((GenericApplicationContext) context).registerBean("sandbox", Sandbox.class, () -> sandbox,
                        definition -> definition.setDestroyMethodName(""))));
        ConfigurableApplicationContext worker = builder.run(arguments(properties));
        synchronized (workers) {
            workers.add(worker);
        }
        return worker;
    }

    /**
     * Properties as command-line arguments: they outrank the apps' packaged defaults (which are
     * {@code @PropertySource}s and would win over a builder's default properties).
     */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private Map<String, Object> common(Options options) {
        Map<String, Object> properties = infrastructure.appProperties();
        // This class closes the contexts, in order, before the broker they talk to.
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", false);
        properties.putAll(options.extra());
        return properties;
    }

    public URI apiUrl() {
        int port = ((WebServerApplicationContext) api).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The API key the api accepts (send it as {@code X-API-Key}). */
    public String apiKey() {
        return apiKey;
    }

    /** Where the api serves its actuator endpoints (its management port: probes, Prometheus). */
    public URI apiActuatorUrl() {
        return URI.create("http://127.0.0.1:" + api.getEnvironment().getProperty("local.management.port") + "/actuator");
    }

    /** Where a worker serves its actuator endpoints (health probes, Prometheus). */
    public static URI actuatorUrl(ConfigurableApplicationContext worker) {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + "/actuator");
    }

    public List<ConfigurableApplicationContext> workers() {
        synchronized (workers) {
            return List.copyOf(workers);
        }
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    /** The in-process S3 server, when this system started one. */
    public Optional<EmbeddedS3> embeddedS3() {
        return Optional.ofNullable(s3);
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        for (ConfigurableApplicationContext worker : workers()) {
            worker.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (ownDataDir) {
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
