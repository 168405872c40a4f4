package dev.chartbox.standalone;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end contract against Kafka and MinIO in containers, as in production. Skipped
 * (not failed) where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersPipelineTest extends PipelineContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

    static Standalone system;

    @BeforeAll
    static void start() {
        var infrastructure = new Standalone.Infrastructure(KAFKA.getBootstrapServers(), MINIO.getS3URL(), MINIO.getUserName(),
                MINIO.getPassword());
        system = Standalone.connect(Standalone.Options.defaults().withApiPort(0), infrastructure, Optional.of(TestSandbox.shared()));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Override
    Standalone system() {
        return system;
    }
}
