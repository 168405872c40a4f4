package dev.chartbox.api;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics the API needs (created when missing, never changed), and an admin client. */
@Configuration(proxyBeanMethods = false)
class KafkaSetup {

    @Bean
    NewTopic jobsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.jobs()).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    @Bean
    NewTopic resultsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.results()).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    @Bean(destroyMethod = "close")
    Admin chartboxAdmin(KafkaAdmin kafkaAdmin) {
        return Admin.create(kafkaAdmin.getConfigurationProperties());
    }
}
