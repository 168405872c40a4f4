package dev.chartbox.worker;

import dev.chartbox.sandbox.ChicorySandbox;
import dev.chartbox.sandbox.Sandbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox jobs run in: the real one, restored from the build's snapshot, with one instance
 * prepared ahead per job the worker runs at once (each holds the snapshot's ~86 MiB). A context that
 * already has a sandbox (e.g. several workers in one JVM sharing one) keeps it.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Sandbox.class)
    Sandbox sandbox(WorkerProperties properties) {
        return ChicorySandbox.start(properties.sandboxes());
    }
}
