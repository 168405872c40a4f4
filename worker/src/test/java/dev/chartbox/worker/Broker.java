package dev.chartbox.worker;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real single-node KRaft broker for the worker's tests, started in-process by spring-kafka-test. */
final class Broker {

    private static EmbeddedKafkaKraftBroker shared;

    private Broker() {}

    static synchronized String bootstrapServers() {
        if (shared == null) {
            var broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            // A worker killed with SIGKILL leaves its group only when its session times out: allow short sessions.
            broker.brokerProperty("group.min.session.timeout.ms", "1000");
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
            shared = broker;
        }
        return shared.getBrokersAsString();
    }
}
