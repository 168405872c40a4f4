package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.JobSubmission;
import dev.chartbox.schemas.JobError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The job view merges a job's request and events in any order: QUEUED → RUNNING → one final status. */
class JobStoreTest {

    private static final String ID = "job-1";
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static final ApiProperties.Store BOUNDS = new ApiProperties.Store(1000, DataSize.ofMegabytes(64), Duration.ofHours(24), DataSize.ofKilobytes(64));

    private final MutableClock clock = new MutableClock(T0);
    private final JobStore store = new JobStore(BOUNDS, clock);

    @Test
    void aRequestAloneIsQueued() {
        store.apply(request("print(1)"), "c1");

        assertThat(store.find(ID).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(store.find(ID).orElseThrow().submission().correlationId()).isEqualTo("c1");
    }

    @Test
    void aResultReadBeforeItsRequestKeepsItsStatusWhenTheRequestArrives() {
        store.apply(JobEvent.finished(ID, JobStatus.SUCCEEDED).workerId("w").build());
        store.apply(request("print(1)"), "c1");

        JobView view = store.find(ID).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(view.submission()).isNotNull();
    }

    @Test
    void theFirstFinalEventWinsAndALateRunningEventDoesNotRegressTheStatus() {
        store.apply(request("print(1)"), "c1");
        store.apply(JobEvent.finished(ID, JobStatus.FAILED).workerId("w1").build());
        store.apply(JobEvent.finished(ID, JobStatus.SUCCEEDED).workerId("w2").build());
        store.apply(JobEvent.running(ID, "w3", T0));

        JobView view = store.find(ID).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.result().workerId()).isEqualTo("w1");
    }

    @Test
    void theFirstRequestWinsOverALaterOneWithTheSameId() {
        JobRequest first = request("print(1)");
        store.apply(first, "c1");
        store.apply(request("print(2)"), "c2");

        assertThat(store.find(ID).orElseThrow().submission().requestSha256()).isEqualTo(first.requestSha256());
    }

    @Test
    void eventsAboutAnotherRequestWithTheSameIdAreIgnoredWhicheverArrivesFirst() {
        JobRequest winner = request("print(1)");
        String loser = request("print(2)").requestSha256();
        store.apply(JobEvent.finished(ID, JobStatus.FAILED).workerId("w").requestSha256(loser).build());
        store.apply(winner, "c1");
        store.apply(JobEvent.running(ID, "w", T0).withRequestSha256(loser));

        assertThat(store.find(ID).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

        store.apply(JobEvent.finished(ID, JobStatus.SUCCEEDED).workerId("w").requestSha256(winner.requestSha256()).build());

        assertThat(store.find(ID).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void listenersHearChangesButNotRepeats() throws Exception {
        List<JobStatus> heard = new ArrayList<>();
        AutoCloseable subscription = store.subscribe(ID, view -> heard.add(view.status()));
        store.apply(request("print(1)"), "c1");
        store.apply(request("print(1)"), "c1");
        store.apply(JobEvent.running(ID, "w", T0));
        store.apply(JobEvent.finished(ID, JobStatus.TIMED_OUT).workerId("w").build());
        store.apply(JobEvent.finished(ID, JobStatus.FAILED).workerId("w").build());
        subscription.close();

        assertThat(heard).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.TIMED_OUT);
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        List<JobView> heard = new ArrayList<>();
        store.subscribe(ID, heard::add).close();

        store.apply(request("print(1)"), "c1");

        assertThat(heard).isEmpty();
    }

    @Test
    void aJobIsFoundOnlyByItsOwner() {
        store.apply(request("print(1)"), "c1");

        assertThat(store.find(ID, "tenant-a")).isPresent();
        assertThat(store.find(ID, "tenant-b")).isEmpty();
    }

    @Test
    void aJobWhoseRequestHasNotBeenReadIsNobodys() {
        store.apply(JobEvent.finished(ID, JobStatus.SUCCEEDED).workerId("w").build());

        assertThat(store.find(ID, "tenant-a")).isEmpty();
    }

    @Test
    void idempotencyKeysAreLookedUpPerTenant() {
        store.apply(JobRequest.of("job-a", T0, "tenant-a", JobSubmission.of("print(1)"), "key"), "c");
        store.apply(JobRequest.of("job-b", T0, "tenant-b", JobSubmission.of("print(2)"), "key"), "c");

        assertThat(store.findByIdempotencyKey("tenant-a", "key").orElseThrow().jobId()).isEqualTo("job-a");
        assertThat(store.findByIdempotencyKey("tenant-b", "key").orElseThrow().jobId()).isEqualTo("job-b");
        assertThat(store.findByIdempotencyKey("tenant-c", "key")).isEmpty();
    }

    @Test
    void jobsInFlightAreCountedPerTenantUntilTheirFinalResult() {
        store.apply(JobRequest.of("j1", T0, "tenant-a", JobSubmission.of("print(1)"), null), "c");
        store.apply(JobRequest.of("j2", T0, "tenant-a", JobSubmission.of("print(2)"), null), "c");
        store.apply(JobEvent.running("j1", "w", T0));
        assertThat(store.inFlight("tenant-a")).isEqualTo(2);
        assertThat(store.inFlight("tenant-b")).isZero();

        store.apply(JobEvent.finished("j1", JobStatus.SUCCEEDED).workerId("w").build());
        store.apply(JobEvent.finished("j1", JobStatus.FAILED).workerId("w").build());

        assertThat(store.inFlight("tenant-a")).isEqualTo(1);
    }

    @Test
    void pastTheJobCountTheOldestJobsAndTheirKeysAreForgotten() {
        JobStore small = new JobStore(new ApiProperties.Store(3, DataSize.ofMegabytes(64), Duration.ofHours(24), DataSize.ofKilobytes(64)), clock);
        for (int i = 0; i < 5; i++) {
            small.apply(JobRequest.of("j" + i, T0.plusSeconds(i), "tenant-a", JobSubmission.of("print(" + i + ")"), "key-" + i), "c");
        }

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.find("j0")).isEmpty();
        assertThat(small.find("j1")).isEmpty();
        assertThat(small.find("j4")).isPresent();
        assertThat(small.findByIdempotencyKey("tenant-a", "key-0")).isEmpty();
        assertThat(small.inFlight("tenant-a")).isEqualTo(3);
    }

    @Test
    void pastTheByteBoundTheOldestJobsGo() {
        JobStore small = new JobStore(new ApiProperties.Store(1000, DataSize.ofKilobytes(300), Duration.ofHours(24), DataSize.ofKilobytes(64)), clock);
        for (int i = 0; i < 10; i++) {
            String id = "j" + i;
            small.apply(JobRequest.of(id, T0, "tenant-a", JobSubmission.of("print(1)"), null), "c");
            small.apply(JobEvent.finished(id, JobStatus.SUCCEEDED).workerId("w").stdout("x".repeat(60_000), false).build());
        }

        assertThat(small.estimatedBytes()).isLessThanOrEqualTo(300 * 1024);
        assertThat(small.size()).isBetween(1, 3);
        assertThat(small.find("j9")).isPresent();
    }

    @Test
    void jobsOlderThanTheRetentionGo() {
        store.apply(JobRequest.of("old", T0, "tenant-a", JobSubmission.of("print(1)"), null), "c");
        clock.now = T0.plus(Duration.ofHours(23));
        store.apply(JobRequest.of("new", clock.now, "tenant-a", JobSubmission.of("print(1)"), null), "c");
        clock.now = T0.plus(Duration.ofHours(25));

        store.evictBeyondBounds();

        assertThat(store.find("old")).isEmpty();
        assertThat(store.find("new")).isPresent();
    }

    @Test
    void outputBeyondTheInlineLimitIsCutAndMarkedTruncated() {
        store.apply(request("print(1)"), "c1");
        store.apply(JobEvent.finished(ID, JobStatus.FAILED).workerId("w").stdout("o".repeat(100_000), false)
                .stderr("e".repeat(10), false).error(new JobError("E", "m", "t".repeat(100_000))).build());

        JobEvent kept = store.find(ID).orElseThrow().result();
        assertThat(kept.stdout()).hasSize(65_536);
        assertThat(kept.stdoutTruncated()).isTrue();
        assertThat(kept.stderr()).hasSize(10);
        assertThat(kept.stderrTruncated()).isFalse();
        assertThat(kept.error().traceback()).hasSize(65_536);
    }

    private static JobRequest request(String code) {
        return JobRequest.of(ID, T0, "tenant-a", JobSubmission.of(code), null);
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
