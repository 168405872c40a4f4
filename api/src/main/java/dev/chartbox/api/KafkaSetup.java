package dev.chartbox.api;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/** The topics the API needs (created when missing, never changed), and an admin client. */
@Configuration(proxyBeanMethods = false)
class KafkaSetup {

    /**
     * The jobs topic takes records as large as the producer may send ({@code max.request.size}), so
     * the API's size check and the broker agree; a topic that exists already keeps its settings
     * (the API then refuses larger jobs with 413, see {@link JobPublisher}).
     */
    @Bean
    NewTopic jobsTopic(TopicProperties topics, ProducerFactory<?, ?> producers) {
        Object maxRequestSize = producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        var topic = TopicBuilder.name(topics.jobs()).partitions(topics.partitions()).replicas(topics.replicas());
        if (maxRequestSize != null) {
            topic.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxRequestSize.toString());
        }
        return topic.build();
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
