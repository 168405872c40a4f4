package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.JobSubmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** run_python's wait: ends at the final result, at its bound, or when the api stops; hears every change. */
class McpJobWaiterTest {

    private static final String ID = "job-1";
    private static final Duration LONG = Duration.ofMinutes(5);

    private final JobStore store = new JobStore(
            new ApiProperties.Store(1000, DataSize.ofMegabytes(64), Duration.ofHours(24), DataSize.ofKilobytes(64)), Clock.systemUTC());
    private final McpJobWaiter waiter = new McpJobWaiter(store);
    private final List<JobStatus> heard = new CopyOnWriteArrayList<>();

    McpJobWaiterTest() {
        waiter.start();
    }

    private JobView queued() {
        return store.apply(JobRequest.of(ID, Instant.now(), "tenant-a", JobSubmission.of("print(1)"), null), ID);
    }

    @Test
    void theWaitEndsWithTheFinalResultAndProgressHearsEachStage() throws Exception {
        JobView start = queued();
        try (var thread = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JobView> waiting = thread.submit(() -> waiter.await(start, LONG, Duration.ofMillis(50), view -> heard.add(view.status())));
            awaitHeard(JobStatus.QUEUED);
            store.apply(JobEvent.running(ID, "w", Instant.now()));
            awaitHeard(JobStatus.RUNNING);
            store.apply(JobEvent.finished(ID, JobStatus.SUCCEEDED).workerId("w").build());

            assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(heard).doesNotContain(JobStatus.SUCCEEDED).containsSubsequence(JobStatus.QUEUED, JobStatus.RUNNING);
    }

    @Test
    void aJobAlreadyFinalIsAnsweredWithoutWaiting() {
        JobView start = queued();
        store.apply(JobEvent.finished(ID, JobStatus.FAILED).workerId("w").build());

        assertThat(waiter.await(start, LONG, LONG, view -> heard.add(view.status())).status()).isEqualTo(JobStatus.FAILED);
        assertThat(heard).isEmpty();
    }

    @Test
    void theWaitEndsAtItsBoundWithTheJobAsItIs() {
        JobView start = queued();
        store.apply(JobEvent.running(ID, "w", Instant.now()));

        JobView ended = waiter.await(start, Duration.ofMillis(300), Duration.ofMillis(50), view -> heard.add(view.status()));

        assertThat(ended.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(heard).as("progress every interval meanwhile").hasSizeGreaterThan(1);
    }

    @Test
    void stoppingTheApiEndsEveryWaitWithTheJobAsItIs() throws Exception {
        JobView start = queued();
        try (var thread = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JobView> waiting = thread.submit(() -> waiter.await(start, LONG, Duration.ofMillis(50), view -> heard.add(view.status())));
            awaitHeard(JobStatus.QUEUED);
            waiter.stop();

            assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.QUEUED);
        }
    }

    private void awaitHeard(JobStatus status) throws InterruptedException {
        for (int i = 0; i < 3000 && !heard.contains(status); i++) {
            Thread.sleep(10);
        }
        assertThat(heard).contains(status);
    }
}
