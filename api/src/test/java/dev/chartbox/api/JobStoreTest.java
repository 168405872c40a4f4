package dev.chartbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartbox.schemas.JobEvent;
import dev.chartbox.schemas.JobRequest;
import dev.chartbox.schemas.JobStatus;
import dev.chartbox.schemas.JobSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job view merges a job's request and events in any order: QUEUED → RUNNING → one final status. */
class JobStoreTest {

    private static final String ID = "job-1";
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final JobStore store = new JobStore();

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

    private static JobRequest request(String code) {
        return JobRequest.of(ID, T0, JobSubmission.of(code), null);
    }
}
