package dev.chartbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.worker.WorkerMetrics.Phase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The helm chart's dashboard and alerts use these exact series names. */
class WorkerMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WorkerMetrics metrics = new WorkerMetrics(registry, 2);

    @Test
    void metersRenderUnderTheirPrometheusNamesWithoutJobIds() {
        metrics.sandboxStarted();
        metrics.phase(Phase.QUEUE_WAIT, Duration.ofMillis(40));
        metrics.phase(Phase.EXECUTE, Duration.ofSeconds(3));
        metrics.artifact(1234);
        metrics.memory(80L << 20);
        metrics.finished("SUCCEEDED", Duration.ofSeconds(4));
        metrics.deadLettered("unreadable");

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("chartbox_jobs_finished_total{status=\"SUCCEEDED\"} 1.0")
                .contains("chartbox_job_duration_seconds_bucket{le=\"5.0\"} 1")
                .contains("chartbox_job_duration_seconds_bucket{le=\"2.5\"} 0")
                .contains("chartbox_job_phase_seconds_count{phase=\"queue_wait\"} 1")
                .contains("chartbox_job_phase_seconds_bucket{phase=\"execute\",le=\"5.0\"} 1")
                .contains("chartbox_job_phase_seconds_count{phase=\"upload\"} 0")
                .contains("chartbox_sandboxes_active 1.0")
                .contains("chartbox_sandboxes_pooled 1.0")
                .contains("chartbox_artifacts_total 1.0")
                .contains("chartbox_artifact_bytes_total 1234.0")
                .contains("chartbox_sandbox_memory_bytes_count 1")
                .contains("chartbox_jobs_dead_lettered_total{reason=\"unreadable\"} 1.0")
                .contains("chartbox_sandbox_memory_bytes_bucket{le=\"1.34217728E8\"} 1");
    }

    @Test
    void latencyBucketsReachPastTheLongestDeadline() {
        metrics.finished("TIMED_OUT", Duration.ofSeconds(310));

        assertThat(registry.scrape())
                .contains("chartbox_job_duration_seconds_bucket{le=\"300.0\"} 0")
                .contains("chartbox_job_duration_seconds_bucket{le=\"600.0\"} 1")
                .contains("chartbox_job_phase_seconds_bucket{phase=\"queue_wait\",le=\"600.0\"} 0");
    }

    @Test
    void countersTheAlertsReadExistAtZeroBeforeAnythingHappened() {
        assertThat(registry.scrape())
                .contains("chartbox_jobs_dead_lettered_total{reason=\"unreadable\"} 0.0")
                .contains("chartbox_jobs_dead_lettered_total{reason=\"retries_exhausted\"} 0.0")
                .contains("chartbox_jobs_finished_total{status=\"SUCCEEDED\"} 0.0")
                .contains("chartbox_jobs_finished_total{status=\"INTERNAL_ERROR\"} 0.0")
                .contains("chartbox_worker_warmup_seconds 0.0");
    }

    @Test
    void aRunThatNeverStartedRecordsNoMemory() {
        metrics.memory(0);
        metrics.memory(300L << 20);

        assertThat(registry.scrape())
                .contains("chartbox_sandbox_memory_bytes_count 1")
                .contains("chartbox_sandbox_memory_bytes_bucket{le=\"2.68435456E8\"} 0")
                .contains("chartbox_sandbox_memory_bytes_bucket{le=\"4.02653184E8\"} 1");
    }
}
