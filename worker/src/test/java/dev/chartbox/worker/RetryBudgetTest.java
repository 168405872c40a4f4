package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

class RetryBudgetTest {

    private final WorkerProperties.Retry retry = new WorkerProperties.Retry(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 6, 1);

    @Test
    void aSandboxFailureIsRetriedOnceNotSixTimesBecauseEachRetryRunsTheProgramAgain() {
        var failure = new ListenerExecutionFailedException("listener failed", new SandboxFailureException("the sandbox failed: boom"));

        BackOffExecution execution = WorkerConfiguration.backOffFor(failure, retry).start();

        assertThat(execution.nextBackOff()).isEqualTo(500);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void s3AndKafkaFailuresKeepTheDefaultBackoff() {
        var failure = new ListenerExecutionFailedException("listener failed", new InfrastructureException("S3 down", null));

        assertThat(WorkerConfiguration.backOffFor(failure, retry)).isNull();
    }
}
