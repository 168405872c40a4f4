package dev.chartbox.standalone;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/chartbox submit PROGRAM.py [--file PATH]... [--api URL] [--api-key KEY] [--timeout SECONDS]}:
 * submits a program to a running chartbox, waits for its final result, prints status, output and
 * artifact links. The key is {@code --api-key}, else {@code CHARTBOX_API_KEY}, else the one
 * {@code chartbox up} saved. Exits 0 when the job succeeded, 1 when it did not, 2 on bad usage or an unreachable api.
 */
public final class Submit {

    private Submit() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        Path program = null;
        List<Path> files = new ArrayList<>();
        String api = System.getenv().getOrDefault("CHARTBOX_API", "http://127.0.0.1:8080");
        String apiKey = System.getenv("CHARTBOX_API_KEY");
        Duration timeout = Duration.ofMinutes(10);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> files.add(Path.of(value(args, ++i, "--file")));
                case "--api" -> api = value(args, ++i, "--api");
                case "--api-key" -> apiKey = value(args, ++i, "--api-key");
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--timeout")));
                default -> {
                    if (args[i].startsWith("-") || program != null) {
                        System.err.println("usage: chartbox submit PROGRAM.py [--file PATH]... [--api URL] [--api-key KEY] [--timeout SECONDS]");
                        return 2;
                    }
                    program = Path.of(args[i]);
                }
            }
        }
        if (program == null) {
            System.err.println("usage: chartbox submit PROGRAM.py [--file PATH]... [--api URL] [--api-key KEY] [--timeout SECONDS]");
            return 2;
        }
        try {
            Map<String, Object> submission = new LinkedHashMap<>();
            submission.put("code", Files.readString(program, StandardCharsets.UTF_8));
            List<Map<String, String>> inputs = new ArrayList<>();
            for (Path file : files) {
                inputs.add(inputFile(file));
            }
            if (!inputs.isEmpty()) {
                submission.put("files", inputs);
            }
            if (apiKey == null || apiKey.isBlank()) {
                apiKey = LocalApiKey.read().orElse(null);
            }
            if (apiKey == null) {
                System.err.println("chartbox: no API key: pass --api-key, set CHARTBOX_API_KEY, or start chartbox up (it saves one in "
                        + LocalApiKey.file() + ")");
                return 2;
            }
            var client = new ChartboxClient(URI.create(api), apiKey);
            var accepted = client.submit(submission, null);
            if (accepted.status() != 202) {
                System.err.println("chartbox: the api refused the job (" + accepted.status() + "): " + accepted.body());
                return 2;
            }
            String id = accepted.body().path("id").asString();
            System.err.println("job " + id + " submitted; waiting for its result");
            JsonNode result = client.awaitFinal(id, timeout);
            print(client.api(), result);
            return "SUCCEEDED".equals(result.path("status").asString()) ? 0 : 1;
        } catch (IOException e) {
            System.err.println("chartbox: " + e.getMessage());
            return 2;
        }
    }

    /** Prints a final job as a person wants to read it. */
    static void print(URI api, JsonNode job) {
        System.out.println("job:    " + job.path("id").asString());
        System.out.println("status: " + job.path("status").asString());
        String stdout = job.path("stdout").asString("");
        if (!stdout.isEmpty()) {
            System.out.println("--- stdout");
            System.out.print(stdout.endsWith("\n") ? stdout : stdout + "\n");
        }
        JsonNode error = job.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            System.out.println("--- error: " + error.path("type").asString() + ": " + error.path("message").asString());
            String traceback = error.path("traceback").asString("");
            if (!traceback.isEmpty()) {
                System.out.print(traceback.endsWith("\n") ? traceback : traceback + "\n");
            }
        }
        for (JsonNode artifact : job.path("artifacts")) {
            String url = artifact.path("url").asString("");
            String link = url.isEmpty() ? "(no link: the api has no S3 endpoint)" : api.resolve(url).toString();
            System.out.println("artifact: " + artifact.path("name").asString() + " (" + artifact.path("size").asLong()
                    + " bytes, sha256 " + artifact.path("sha256").asString() + ")\n  " + link);
        }
    }

    private static Map<String, String> inputFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Map.of("name", name, "text", text);
        } catch (CharacterCodingException e) {
            return Map.of("name", name, "base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
