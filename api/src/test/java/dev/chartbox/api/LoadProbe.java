package dev.chartbox.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load figure for one api process (api/scripts/load.sh runs it): submits N jobs with C requests
 * in flight and reports submissions per second, then reads random ones of them with
 * GET /v1/jobs/{id} for S seconds and reports the latency percentiles.
 *
 * <p>{@code java -cp … dev.chartbox.api.LoadProbe BASE_URL API_KEY JOBS CONCURRENCY SECONDS}
 */
public final class LoadProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LoadProbe() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int jobs = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(concurrency)).build();

        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            inFlight.acquire();
            String body = "{\"code\": \"import matplotlib.pyplot as plt\\nplt.bar(['a', 'b'], [" + i + ", 2])\\nplt.savefig('chart.png')\\n\","
                    + " \"metadata\": {\"run\": \"load\", \"n\": \"" + i + "\"}}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/jobs")).header("X-API-Key", key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 202) {
                    ids.add(JSON.readTree(response.body()).get("id").asString());
                } else {
                    failed.incrementAndGet();
                    if (failed.get() < 5) {
                        System.err.println("submit failed: " + (error != null ? error : response.statusCode() + " " + new String(response.body())));
                    }
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("submitted %d jobs (%d refused) in %.1f s: %.0f submissions/s at concurrency %d%n",
                ids.size(), failed.get(), submitSeconds, ids.size() / submitSeconds, concurrency);

        Thread.sleep(5000); // let the stand-in worker's results reach the api's view
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger notOk = new AtomicInteger();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            readers.add(Thread.ofVirtual().start(() -> {
                var random = java.util.concurrent.ThreadLocalRandom.current();
                while (System.nanoTime() < until) {
                    String id = ids.get(random.nextInt(ids.size()));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id)).header("X-API-Key", key).GET().build();
                    long t0 = System.nanoTime();
                    try {
                        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencies.add(System.nanoTime() - t0);
                        if (response.statusCode() != 200) {
                            notOk.incrementAndGet();
                        }
                    } catch (Exception e) {
                        notOk.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread reader : readers) {
            reader.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("GET /v1/jobs/{id}: %d requests in %d s (%.0f/s, %d not 200) at concurrency %d; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sorted.size(), seconds, sorted.size() / (double) seconds, notOk.get(), concurrency,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast() / 1e6);
        System.exit(0);
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
