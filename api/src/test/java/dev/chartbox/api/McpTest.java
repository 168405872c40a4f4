package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobError;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.Topics;
import dev.chartbox.schemas.WireJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The MCP server at /mcp, driven by the MCP Java SDK's own client over streamable HTTP, against a
 * real KRaft broker and S3Proxy. A scripted worker in this test reads the jobs topic and answers as
 * a worker does (RUNNING, then a final result, artifacts in S3), by what the code asks for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chartbox.topics.partitions=1",
        "chartbox.api.max-limits.deadline=2m",
        "chartbox.api.mcp.queue-wait=1s",
        "chartbox.api.mcp.progress-interval=200ms",
        "chartbox.api.mcp.max-image-bytes=3KB",
        "chartbox.api.quotas.open-waits=1",
        "management.server.port=0",
})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class McpTest {

    static final String KEY_A = ApiKeys.generate();
    static final String KEY_B = ApiKeys.generate();
    /** A PNG's signature plus filler: the api never decodes images, it only passes them on. */
    static final byte[] SMALL_PNG = png(200);
    static final byte[] BIG_PNG = png(4000);

    private static S3Server s3;
    private static Thread worker;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        if (s3 == null) {
            s3 = S3Server.start();
        }
        registry.add("chartbox.s3.endpoint", s3::endpoint);
        registry.add("chartbox.s3.access-key", () -> S3Server.ACCESS_KEY);
        registry.add("chartbox.s3.secret-key", () -> S3Server.SECRET_KEY);
        registry.add("chartbox.api.auth.api-keys", () -> ApiKeys.entry("tenant-a", KEY_A) + "," + ApiKeys.entry("tenant-b", KEY_B));
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.interrupt();
        }
        s3.close();
    }

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @BeforeEach
    void startTheScriptedWorker() {
        if (worker == null) {
            worker = Thread.ofPlatform().daemon().name("scripted-worker").start(() -> work(bootstrap));
        }
    }

    private McpSyncClient client(String key, List<ProgressNotification> progress) {
        var transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress::add).build();
        client.initialize();
        return client;
    }

    private static CallToolResult runPython(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder("run_python").arguments(arguments).progressToken("p-1").build());
    }

    @Test
    void theToolsAreListedWithTheSubmissionSchemaAndAnOutputSchema() {
        try (McpSyncClient client = client(KEY_A, new CopyOnWriteArrayList<>())) {
            Map<String, McpSchema.Tool> tools = client.listTools().tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));

            assertThat(tools).containsOnlyKeys("run_python", "describe_runtime");
            McpSchema.Tool run = tools.get("run_python");
            assertThat(run.inputSchema().get("required")).isEqualTo(List.of("code"));
            assertThat(Set.copyOf(((Map<?, ?>) run.inputSchema().get("properties")).keySet())).isEqualTo(Set.of("code", "files", "limits"));
            assertThat(run.outputSchema()).containsKeys("properties", "$defs");
            assertThat(run.description()).contains("traceback");
        }
    }

    @Test
    void theRuntimeIsBothAToolAndAResourceWithTheRestDocument() throws Exception {
        try (McpSyncClient client = client(KEY_A, new CopyOnWriteArrayList<>())) {
            CallToolResult described = client.callTool(new CallToolRequest("describe_runtime", Map.of(), null));
            var resource = client.readResource(McpSchema.ReadResourceRequest.builder("chartbox://runtime").build());

            var rest = Http.withKey(port, KEY_A).get("/v1/runtime").json();
            assertThat(described.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(((Map<?, ?>) described.structuredContent()).get("python")).isEqualTo(rest.get("python").asString());
            String text = ((TextResourceContents) resource.contents().getFirst()).text();
            assertThat(Http.JSON.readTree(text)).isEqualTo(rest);
            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri).containsExactly("chartbox://runtime");
        }
    }

    @Test
    void runPythonRunsTheJobThroughKafkaAndAnswersWithTextImagesLinksAndProgress() throws Exception {
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(KEY_A, progress)) {
            CallToolResult result = runPython(client, Map.of("code", "# chart\nprint('best month: Mar')",
                    "files", List.of(Map.of("name", "data.csv", "text", "m,u\nJan,1\n"))));

            assertThat(result.isError()).isFalse();
            String text = ((TextContent) result.content().getFirst()).text();
            assertThat(text).contains("SUCCEEDED").contains("best month: Mar").contains("chart.png").contains("big.png");
            List<ImageContent> images = result.content().stream().filter(ImageContent.class::isInstance).map(ImageContent.class::cast).toList();
            assertThat(images).hasSize(1);
            assertThat(Base64.getDecoder().decode(images.getFirst().data())).isEqualTo(SMALL_PNG);
            assertThat(images.getFirst().mimeType()).isEqualTo("image/png");
            // The big one is over the 3 KB of images per result: named, not inlined, still linked.
            assertThat(text).contains("Not shown as images").contains("big.png");
            List<ResourceLink> links = result.content().stream().filter(ResourceLink.class::isInstance).map(ResourceLink.class::cast).toList();
            assertThat(links).extracting(ResourceLink::name).containsExactly("chart.png", "big.png");
            Map<?, ?> structured = (Map<?, ?>) result.structuredContent();
            assertThat(structured.get("status")).isEqualTo("SUCCEEDED");
            assertThat(structured.get("imagesOmitted")).isEqualTo(List.of("big.png"));
            String jobId = (String) structured.get("id");

            // The links are the REST artifact URLs on the host the client used: the owner downloads them,
            // another tenant cannot see the job.
            assertThat(links.getFirst().uri()).isEqualTo("http://localhost:" + port + "/v1/jobs/" + jobId + "/artifacts/chart.png");
            var download = Http.withKey(port, KEY_A).get(links.getFirst().uri());
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.raw().body()).isEqualTo(SMALL_PNG);
            assertThat(Http.withKey(port, KEY_B).get("/v1/jobs/" + jobId).status()).isEqualTo(404);
            // The job went through Kafka like any other, with the tool's input files.
            try (var kafka = new KafkaClient(bootstrap)) {
                JobRequest request = WireJson.read(kafka.recordsWithKey(Topics.JOBS, jobId).getFirst().value(), JobRequest.class);
                assertThat(request.owner()).isEqualTo("tenant-a");
                assertThat(request.files()).extracting(f -> f.name()).containsExactly("data.csv");
            }
            assertThat(progress).isNotEmpty();
            assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p-1"));
            assertThat(progress.stream().map(ProgressNotification::progress).toList()).isSorted().doesNotHaveDuplicates();
            assertThat(progress.getLast().message()).contains(jobId);
        }
    }

    @Test
    void aFailingProgramIsAToolErrorCarryingItsTracebackOnceNotAProtocolError() {
        try (McpSyncClient client = client(KEY_A, new CopyOnWriteArrayList<>())) {
            CallToolResult result = runPython(client, Map.of("code", "raise ValueError('no data')"));

            assertThat(result.isError()).isTrue();
            String text = ((TextContent) result.content().getFirst()).text();
            assertThat(text).contains("FAILED").contains("Python error: ValueError: no data").contains("a warning");
            assertThat(text.split("line 1, in <module>", -1)).as("the traceback, once").hasSize(2);
            assertThat(((Map<?, ?>) result.structuredContent()).get("status")).isEqualTo("FAILED");
        }
    }

    @Test
    void argumentsTheRestApiWouldRefuseAreAToolErrorNamingTheField() {
        try (McpSyncClient client = client(KEY_A, new CopyOnWriteArrayList<>())) {
            CallToolResult tooLong = runPython(client, Map.of("code", "print(1)", "limits", Map.of("deadlineSeconds", 600)));
            CallToolResult badFile = runPython(client, Map.of("code", "print(1)", "files", List.of(Map.of("name", "data.csv", "base64", "%%%"))));

            assertThat(tooLong.isError()).isTrue();
            assertThat(((TextContent) tooLong.content().getFirst()).text()).contains("deadlineSeconds");
            assertThat(badFile.isError()).isTrue();
            assertThat(((TextContent) badFile.content().getFirst()).text()).contains("/files/0/base64");
        }
    }

    @Test
    void theWaitIsBoundedByTheJobsDeadlinePlusTheQueueWaitAndSaysTheJobGoesOn() {
        try (McpSyncClient client = client(KEY_A, new CopyOnWriteArrayList<>())) {
            CallToolResult result = runPython(client, Map.of("code", "# never answered", "limits", Map.of("deadlineSeconds", 1)));

            assertThat(result.isError()).isTrue();
            assertThat(((Map<?, ?>) result.structuredContent()).get("status")).isEqualTo("QUEUED");
            assertThat(((TextContent) result.content().getFirst()).text()).contains("still QUEUED").contains("it goes on")
                    .contains("/v1/jobs/");
        }
    }

    @Test
    void aWaitingCallHoldsOneOfTheTenantsOpenWaitsSoTheRestQuotaApplies() throws Exception {
        var firstIsWaiting = new java.util.concurrent.CountDownLatch(1);
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>() {
            @Override
            public boolean add(ProgressNotification notification) {
                firstIsWaiting.countDown();
                return super.add(notification);
            }
        };
        // A thread of its own: the common pool can be one thread on 2 cores, and the SDK's client needs it too.
        try (var thread = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
                McpSyncClient first = client(KEY_A, progress); McpSyncClient second = client(KEY_A, new CopyOnWriteArrayList<>());
                McpSyncClient otherTenant = client(KEY_B, new CopyOnWriteArrayList<>())) {
            var waiting = thread.submit(() -> runPython(first, Map.of("code", "# never answered", "limits", Map.of("deadlineSeconds", 5))));
            assertThat(firstIsWaiting.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            CallToolResult refused = runPython(second, Map.of("code", "print(1)"));
            CallToolResult allowed = runPython(otherTenant, Map.of("code", "# never answered", "limits", Map.of("deadlineSeconds", 1)));

            assertThat(refused.isError()).isTrue();
            assertThat(((TextContent) refused.content().getFirst()).text()).contains("429").contains("openWaits").contains("Retry after");
            assertThat(((Map<?, ?>) allowed.structuredContent()).get("status")).as("another tenant's quota is its own").isEqualTo("QUEUED");
            assertThat(((Map<?, ?>) waiting.get(60, java.util.concurrent.TimeUnit.SECONDS).structuredContent()).get("status")).isEqualTo("QUEUED");
        }
    }

    @Test
    void mcpNeedsTheSameCredentialAsTheRestApi() throws Exception {
        var anonymous = new Http(port).post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                "Accept", "application/json, text/event-stream");
        var unknownKey = Http.withKey(port, ApiKeys.generate()).post("/mcp", "{}", "Accept", "application/json, text/event-stream");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownKey.status()).isEqualTo(401);
    }

    /** Answers every job on the jobs topic the way its code asks: never, with a Python error, or with two charts. */
    private static void work(String bootstrap) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "scripted-worker",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
                var kafka = new KafkaClient(bootstrap)) {
            consumer.subscribe(List.of(Topics.JOBS));
            while (!Thread.currentThread().isInterrupted()) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    JobRequest request = WireJson.read(record.value(), JobRequest.class);
                    answer(request, kafka);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // the test is over
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(JobRequest request, KafkaClient kafka) throws Exception {
        String id = request.jobId();
        if (request.code().contains("never answered")) {
            return;
        }
        kafka.publish(Topics.RESULTS, JobEvent.running(id, "worker-1", Instant.now()).withRequestSha256(request.requestSha256()), id);
        Thread.sleep(500); // long enough for a progress notification or two
        var finished = JobEvent.finished(id, request.code().startsWith("raise") ? JobStatus.FAILED : JobStatus.SUCCEEDED)
                .workerId("worker-1").startedAt(Instant.now()).requestSha256(request.requestSha256());
        if (request.code().startsWith("raise")) {
            String traceback = "Traceback (most recent call last):\n  File \"main.py\", line 1, in <module>\nValueError: no data\n";
            // As Python does: the traceback on stderr, and in the result's error.
            finished.exitCode(1).stdout("", false).stderr("a warning\n" + traceback, false).error(new JobError("ValueError", "no data", traceback));
        } else {
            finished.exitCode(0).stdout("best month: Mar\n", false).stderr("", false)
                    .artifacts(List.of(stored(id, "chart.png", SMALL_PNG), stored(id, "big.png", BIG_PNG)));
        }
        kafka.publish(Topics.RESULTS, finished.build(), id);
    }

    private static ArtifactRef stored(String jobId, String name, byte[] content) throws Exception {
        String key = "jobs/" + jobId + "/" + name;
        s3.put("chartbox", key, content, "image/png");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return new ArtifactRef(name, "image/png", content.length, sha, "chartbox", key);
    }

    private static byte[] png(int size) {
        byte[] bytes = new byte[size];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        for (int i = signature.length; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
