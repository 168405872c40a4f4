package dev.chartbox.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/chartbox up [--port P] [--data DIR] [--no-demo]}: starts the whole system in this
 * JVM, prints the api's URL (port 0: a free one), renders a demo bar chart through the full
 * pipeline (unless {@code --no-demo}) and prints its link, then serves until Ctrl-C.
 */
public final class Up {

    /** The demo: a bar chart with matplotlib, the kind of program chartbox exists for. */
    static final String DEMO = """
            import matplotlib.pyplot as plt

            months = ["Jan", "Feb", "Mar", "Apr"]
            units = [120, 135, 160, 152]
            fig, ax = plt.subplots(figsize=(5, 3))
            ax.bar(months, units, color="#4c72b0")
            ax.set_title("Units sold per month")
            ax.set_ylabel("units")
            fig.tight_layout()
            fig.savefig("chart.png")
            print("best month:", months[units.index(max(units))])
            """;

    /** Generous: the eval loop is still interpreted, and a first chart on a busy machine takes a while. */
    static final Map<String, Object> DEMO_LIMITS = Map.of("deadlineSeconds", 300);

    private Up() {}

    public static void main(String[] args) throws Exception {
        var options = Standalone.Options.defaults();
        boolean demo = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> options = options.withApiPort(Integer.parseInt(args[++i]));
                case "--data" -> options = options.withDataDir(Path.of(args[++i]));
                case "--no-demo" -> demo = false;
                default -> {
                    System.err.println("usage: chartbox up [--port P] [--data DIR] [--no-demo]");
                    System.exit(2);
                }
            }
        }
        String apiKey = LocalApiKey.readOrCreate();
        options = options.withApiKey(apiKey);
        System.err.println("chartbox: starting Kafka (KRaft), S3, a worker and the api in one JVM");
        long start = System.nanoTime();
        Standalone system;
        try {
            system = Standalone.start(options, Optional.empty());
        } catch (Exception | Error e) {
            // Exit rather than return: threads the failed start left behind would keep this JVM up.
            System.err.println("chartbox: could not start: " + e);
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("chartbox: stopping");
            system.close();
            stopped.countDown();
        }, "chartbox-shutdown"));
        System.out.printf("chartbox is up in %.1f s: %s  (OpenAPI: %s/v3/api-docs, S3: %s)%n",
                (System.nanoTime() - start) / 1e9, system.apiUrl(), system.apiUrl(), system.infrastructure().s3Endpoint());
        System.out.println("api key (tenant " + Standalone.TENANT + "), saved in " + LocalApiKey.file() + ":\n  " + apiKey);
        System.out.println("try it:\n  curl -s -H 'X-API-Key: " + apiKey + "' -H 'Content-Type: application/json' \\\n"
                + "    -d '{\"code\": \"print(6 * 7)\"}' " + system.apiUrl() + "/v1/jobs");
        System.out.println("api metrics and probes: " + system.apiActuatorUrl());
        for (var worker : system.workers()) {
            System.out.println("worker metrics: " + Standalone.actuatorUrl(worker) + "/prometheus");
        }
        System.out.println("submit a program: bin/chartbox submit PROGRAM.py --api " + system.apiUrl() + "    stop: Ctrl-C");
        if (demo) {
            runDemo(system);
        }
        stopped.await();
    }

    private static void runDemo(Standalone system) {
        try {
            var client = new ChartboxClient(system.apiUrl(), system.apiKey());
            var accepted = client.submit(Map.of("code", DEMO, "limits", DEMO_LIMITS), null);
            if (accepted.status() != 202) {
                System.err.println("chartbox: the demo job was refused (" + accepted.status() + "): " + accepted.body());
                return;
            }
            String id = accepted.body().path("id").asString();
            System.out.println("demo: rendering a bar chart (job " + id + ") ...");
            JsonNode result = client.awaitFinal(id, Duration.ofMinutes(15));
            Submit.print(system.apiUrl(), result);
        } catch (Exception e) {
            System.err.println("chartbox: the demo job did not finish: " + e);
        }
    }
}
