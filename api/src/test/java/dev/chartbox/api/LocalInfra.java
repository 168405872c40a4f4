package dev.chartbox.api;

import dev.chartbox.schemas.ArtifactRef;
import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.MessageHeaders;
import dev.chartbox.schemas.Topics;
import dev.chartbox.schemas.WireJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What an api process needs around it, in one JVM of its own, for the fuzzing and load scripts
 * (api/scripts/): a real KRaft broker, S3Proxy, and a stand-in worker that answers every job on the
 * jobs topic with a SUCCEEDED result (a line of stdout, one artifact stored in S3), as fast as the
 * broker allows. The api runs as a separate process, so its heap is measured alone.
 *
 * <p>{@code java -cp … dev.chartbox.api.LocalInfra OUT_FILE}: writes {@code bootstrap=…} and
 * {@code s3=…} lines to OUT_FILE once everything is up, then runs until killed.
 */
public final class LocalInfra {

    private LocalInfra() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        var broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        S3Server s3 = S3Server.start();
        byte[] png = "a stand-in chart".getBytes(StandardCharsets.UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s3.close();
            broker.destroy();
        }));
        Thread.ofPlatform().name("echo-worker").daemon().start(() -> echo(broker.getBrokersAsString(), s3, png));
        Files.writeString(out, "bootstrap=" + broker.getBrokersAsString() + "\ns3=" + s3.endpoint() + "\ns3AccessKey=" + S3Server.ACCESS_KEY
                + "\ns3SecretKey=" + S3Server.SECRET_KEY + "\n");
        System.out.println("local infrastructure up: " + Files.readString(out).replace('\n', ' '));
        new CountDownLatch(1).await();
    }

    /** Answers every job with SUCCEEDED; waits for the api to create the jobs topic (never creates it). */
    private static void echo(String bootstrap, S3Server s3, byte[] artifact) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "local-echo-worker", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (var consumer = new KafkaConsumer<String, byte[]>(consumerConfig); var producer = new KafkaProducer<String, byte[]>(producerConfig)) {
            consumer.subscribe(List.of(Topics.JOBS));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        JobRequest request = WireJson.read(record.value(), JobRequest.class);
                        String key = "jobs/" + request.jobId() + "/chart.png";
                        s3.put("chartbox", key, artifact, "image/png");
                        JobEvent result = JobEvent.finished(request.jobId(), JobStatus.SUCCEEDED).workerId("local-echo")
                                .startedAt(Instant.now()).exitCode(0).stdout("best month: Mar\n", false).stderr("", false)
                                .artifacts(List.of(new ArtifactRef("chart.png", "image/png", artifact.length,
                                        "0000000000000000000000000000000000000000000000000000000000000000", "chartbox", key)))
                                .requestSha256(request.requestSha256()).build();
                        var reply = new ProducerRecord<String, byte[]>(Topics.RESULTS, request.jobId(), WireJson.write(result));
                        reply.headers().add(MessageHeaders.CONTENT_TYPE, MessageHeaders.bytes(MessageHeaders.JSON));
                        producer.send(reply);
                    } catch (Exception e) {
                        System.err.println("echo worker: skipping a record: " + e);
                    }
                }
            }
        }
    }
}
