package dev.chartbox.api;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Kafka, as the readiness probe sees it: the cluster answers, and this replica's job view has read
 * both topics up to where they ended at startup (until then it would answer 404 for known jobs).
 */
@Component("kafka")
public class KafkaHealthIndicator implements HealthIndicator {

    private final Admin admin;
    private final JobMaterializer materializer;
    private final JobStore store;

    public KafkaHealthIndicator(Admin admin, JobMaterializer materializer, JobStore store) {
        this.admin = admin;
        this.materializer = materializer;
        this.store = store;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
            int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
            health = (materializer.caughtUp() ? Health.up() : Health.outOfService())
                    .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
                    .withDetail("nodes", nodes);
        } catch (Exception e) {
            health = Health.down(e);
        }
        health.withDetail("jobViewCaughtUp", materializer.caughtUp()).withDetail("jobsKnown", store.size());
        if (materializer.lastPoll() != null) {
            health.withDetail("jobViewLastPoll", materializer.lastPoll().toString());
        }
        if (materializer.lastError() != null) {
            health.withDetail("jobViewError", materializer.lastError());
        }
        return health.build();
    }
}
