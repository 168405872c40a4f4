package dev.chartbox.standalone.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.standalone.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's count of final results comes from the results topic, each record counted once. */
class ResultLedgerTest {

    @TempDir
    Path dir;

    @Test
    void everyFinalEventIsCountedOnceEvenWhenABrokerRestartSendsTheReaderBackToTheBeginning() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        String address = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", address))) {
            admin.createTopics(List.of(new NewTopic(Soak.RESULTS_TOPIC, 2, (short) 1))).all().get();
        }
        List<String> running = new CopyOnWriteArrayList<>();
        ResultLedger ledger = new ResultLedger(address, Soak.RESULTS_TOPIC, (job, worker) -> running.add(job + "@" + worker));
        try {
            publish(address, "job-a", "{\"jobId\":\"job-a\",\"status\":\"RUNNING\",\"workerId\":\"w1.1\"}");
            publish(address, "job-a", "{\"jobId\":\"job-a\",\"status\":\"SUCCEEDED\",\"workerId\":\"w1.1\"}");
            publish(address, "job-b", "{\"jobId\":\"job-b\",\"status\":\"FAILED\",\"workerId\":\"w1.1\"}");
            await(() -> ledger.jobsWithAFinal() == 2);

            kafka = kafka.restart();
            publish(address, "job-b", "{\"jobId\":\"job-b\",\"status\":\"FAILED\",\"workerId\":\"w2.1\"}");
            publish(address, "job-c", "{\"jobId\":\"job-c\",\"status\":\"TIMED_OUT\",\"workerId\":\"w2.1\"}");
            await(() -> ledger.jobsWithAFinal() == 3);
            Thread.sleep(3000); // time for a re-read, were there one

            assertThat(ledger.finalsOf("job-a")).extracting(ResultLedger.Final::status).containsExactly("SUCCEEDED");
            assertThat(ledger.finalsOf("job-b")).extracting(ResultLedger.Final::status).containsExactly("FAILED", "FAILED");
            assertThat(ledger.finalsOf("job-c")).extracting(ResultLedger.Final::status).containsExactly("TIMED_OUT");
            assertThat(running).containsExactly("job-a@w1.1");
        } finally {
            ledger.close();
            kafka.close();
        }
    }

    private static void publish(String address, String key, String json) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", address), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Soak.RESULTS_TOPIC, key, json.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 90 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
