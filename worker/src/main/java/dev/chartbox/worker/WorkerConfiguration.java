package dev.chartbox.worker;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.Sandbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.ApplicationEventPublisher;
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
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/** The worker's beans: topics, the job pipeline, and Kafka error handling as one bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, S3Properties.class, TopicProperties.class})
@PropertySource("classpath:chartbox/worker/defaults.properties")
public class WorkerConfiguration {

    // Record size limits are set on every topic, so they never depend on the broker's defaults.

    @Bean
    NewTopic jobsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.jobs()).partitions(topics.partitions()).replicas(topics.replicas())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(topics.jobMaxBytes().toBytes())).build();
    }

    @Bean
    NewTopic resultsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.results()).partitions(topics.partitions()).replicas(topics.replicas())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(topics.resultMaxBytes().toBytes())).build();
    }

    @Bean
    NewTopic deadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.deadLetter()).partitions(1).replicas(topics.replicas())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(topics.deadLetterMaxBytes())).build();
    }

    /**
     * The producer sends results (bounded by the codec below the results topic's limit) and dead
     * letters (a job record plus exception headers): its request limit is the larger, the
     * dead-letter topic's. The consumer fetches a whole job record in one go.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer recordSizeOfProducer(TopicProperties topics) {
        return factory -> factory.updateConfigs(Map.<String, Object>of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) topics.deadLetterMaxBytes()));
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer recordSizeOfConsumer(TopicProperties topics) {
        return factory -> factory.updateConfigs(Map.<String, Object>of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, (int) topics.jobMaxBytes().toBytes()));
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
    JobCodec jobCodec(TopicProperties topics, WorkerProperties worker) {
        return new JobCodec(topics, worker.maxLimits().asLimits());
    }

    @Bean(destroyMethod = "close")
    JobProcessor jobProcessor(JobCodec codec, Sandbox sandbox, ArtifactStore store, ResultPublisher publisher,
                              WorkerMetrics metrics, WorkerProperties worker) {
        return new JobProcessor(codec, sandbox, store, publisher, metrics, workerId(worker), worker.sandboxes());
    }

    @Bean
    JobListener jobListener(JobProcessor processor, WorkerProperties worker, IdleWarmUp idleWarmUp) {
        return new JobListener(processor, worker.maxAttempts(), idleWarmUp);
    }

    @Bean
    ListenerLiveness listenerLiveness(ApplicationEventPublisher events) {
        return new ListenerLiveness(events);
    }

    @Bean
    SandboxWarmUp sandboxWarmUp(Sandbox sandbox, WorkerProperties worker, WorkerMetrics metrics,
                                KafkaListenerEndpointRegistry listeners, IdleWarmUp idleWarmUp) {
        return new SandboxWarmUp(sandbox, worker.warmUpRuns(), metrics, listeners, idleWarmUp);
    }

    @Bean(destroyMethod = "close")
    IdleWarmUp idleWarmUp(Sandbox sandbox, WorkerProperties worker, WorkerMetrics metrics) {
        return sandbox instanceof ChicorySandbox chicory
                ? new IdleWarmUp(chicory, worker.idleWarmUpRuns(), worker.warmUpRuns(), metrics)
                : IdleWarmUp.none(metrics);
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
        handler.addNotRetryableExceptions(UnreadableJobException.class, WorkerStoppingException.class, FatalJobException.class);
        handler.setBackOffFunction((record, e) -> backOffFor(e, worker.retry()));
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

    /** The sandbox's own failures get their small budget; everything else the default backoff (null). */
    static BackOff backOffFor(Exception exception, WorkerProperties.Retry retry) {
        return JobRecoverer.rootCause(exception) instanceof SandboxFailureException
                ? new FixedBackOff(retry.initialInterval().toMillis(), retry.sandboxRetries())
                : null;
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
