package dev.chartbox.worker;

import dev.chartbox.sandbox.Sandbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/** The worker's beans: topics, the job pipeline, and Kafka error handling as one bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, S3Properties.class, TopicProperties.class})
@PropertySource("classpath:chartbox/worker/defaults.properties")
public class WorkerConfiguration {

    @Bean
    NewTopic jobsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.jobs()).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    @Bean
    NewTopic resultsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.results()).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    @Bean
    NewTopic deadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.deadLetter()).partitions(1).replicas(topics.replicas()).build();
    }

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry, WorkerProperties worker, Sandbox sandbox) {
        var metrics = new WorkerMetrics(registry, worker.sandboxes());
        metrics.watch(sandbox);
        return metrics;
    }

    @Bean
    ArtifactStore artifactStore(S3Properties s3) {
        return ArtifactStore.of(s3);
    }

    @Bean
    @SuppressWarnings("unchecked")
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducerFactory<?, ?> producerFactory) {
        return new KafkaTemplate<>((ProducerFactory<String, byte[]>) producerFactory);
    }

    @Bean
    ResultPublisher resultPublisher(KafkaTemplate<String, byte[]> template) {
        return new ResultPublisher(template, Duration.ofSeconds(60));
    }

    @Bean
    JobCodec jobCodec(TopicProperties topics) {
        return new JobCodec(topics);
    }

    @Bean(destroyMethod = "close")
    JobProcessor jobProcessor(JobCodec codec, Sandbox sandbox, ArtifactStore store, ResultPublisher publisher,
                              WorkerMetrics metrics, WorkerProperties worker) {
        return new JobProcessor(codec, sandbox, store, publisher, metrics, workerId(worker), worker.sandboxes());
    }

    @Bean
    JobListener jobListener(JobProcessor processor) {
        return new JobListener(processor);
    }

    @Bean
    SandboxWarmUp sandboxWarmUp(Sandbox sandbox, WorkerProperties worker, WorkerMetrics metrics,
                                KafkaListenerEndpointRegistry listeners) {
        return new SandboxWarmUp(sandbox, worker.warmUpRuns(), metrics, listeners);
    }

    /** Retries with backoff, then dead letter + a final result; unreadable records skip the retries. */
    @Bean
    DefaultErrorHandler jobErrorHandler(KafkaTemplate<String, byte[]> template, JobProcessor processor,
                                        WorkerMetrics metrics, TopicProperties topics, WorkerProperties worker) {
        var deadLetters = new DeadLetterPublishingRecoverer(template, (record, e) -> new TopicPartition(topics.deadLetter(), -1));
        var backOff = new ExponentialBackOffWithMaxRetries(worker.retry().maxRetries());
        backOff.setInitialInterval(worker.retry().initialInterval().toMillis());
        backOff.setMultiplier(worker.retry().multiplier());
        backOff.setMaxInterval(worker.retry().maxInterval().toMillis());
        var handler = new DefaultErrorHandler(new JobRecoverer(deadLetters, processor, metrics), backOff);
        handler.addNotRetryableExceptions(UnreadableJobException.class, WorkerStoppingException.class);
        handler.setCommitRecovered(true);
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            WorkerProperties worker) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory);
        factory.setConcurrency(worker.sandboxes());
        // A stopping worker waits this long for in-flight jobs before the context goes on closing.
        factory.getContainerProperties().setShutdownTimeout(worker.shutdownGrace().toMillis());
        return factory;
    }

    static String workerId(WorkerProperties worker) {
        if (!worker.id().isBlank()) {
            return worker.id();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
