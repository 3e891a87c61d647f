package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryAdmissionTest {

    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    private QueryAdmission.Ticket submit(QueryAdmission admission, String user, String name) {
        QueryAdmission.Ticket ticket = admission.enter(user);
        admission.ready(ticket, () -> started.add(name));
        return ticket;
    }

    @Test
    void aUserBeyondTheirLimitWaitsInsteadOfBeingRefused() {
        QueryAdmission admission = new QueryAdmission(4, 10, 2);
        List<QueryAdmission.Ticket> tiles = new ArrayList<>();
        for (int tile = 1; tile <= 5; tile++) {
            tiles.add(submit(admission, "dashboard", "tile" + tile));
        }
        assertThat(started).containsExactly("tile1", "tile2");
        assertThat(admission.waiting()).isEqualTo(3);
        admission.leave(tiles.get(0));
        assertThat(started).containsExactly("tile1", "tile2", "tile3");
        admission.leave(tiles.get(1));
        admission.leave(tiles.get(2));
        assertThat(started).containsExactly("tile1", "tile2", "tile3", "tile4", "tile5");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aUserAtTheirLimitDoesNotHoldUpOtherUsersBehindThem() {
        QueryAdmission admission = new QueryAdmission(2, 10, 1);
        submit(admission, "greedy", "greedy1");
        QueryAdmission.Ticket patient1 = submit(admission, "patient", "patient1");
        submit(admission, "greedy", "greedy2");
        submit(admission, "other", "other1");
        assertThat(started).containsExactly("greedy1", "patient1");
        admission.leave(patient1);
        // greedy2 came first but greedy already runs its one query: the slot goes to the next in line
        assertThat(started).containsExactly("greedy1", "patient1", "other1");
        assertThat(admission.waiting()).isEqualTo(1);
    }

    @Test
    void freeSlotsGoFirstComeFirstServedAcrossUsers() {
        QueryAdmission admission = new QueryAdmission(1, 10, 5);
        QueryAdmission.Ticket a1 = submit(admission, "a", "a1");
        QueryAdmission.Ticket b1 = submit(admission, "b", "b1");
        QueryAdmission.Ticket a2 = submit(admission, "a", "a2");
        submit(admission, "c", "c1");
        admission.leave(a1);
        admission.leave(b1);
        admission.leave(a2);
        assertThat(started).containsExactly("a1", "b1", "a2", "c1");
    }

    @Test
    void onlyAFullQueueRefusesAndTheMessageNamesTheLimit() {
        QueryAdmission admission = new QueryAdmission(1, 2, 1);
        QueryAdmission.Ticket running = submit(admission, "u", "u1");
        submit(admission, "u", "u2");
        submit(admission, "v", "v1");
        assertThatThrownBy(() -> admission.enter("w"))
                .isInstanceOfSatisfying(GatewayException.class,
                        error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.TOO_MANY_QUERIES))
                .hasMessageContaining("limits.max-queued-queries")
                .hasMessageContaining("deployment.max-running-queries");
        admission.leave(running);
        assertThat(started).containsExactly("u1", "u2");
        submit(admission, "w", "w1");
        assertThat(admission.waiting()).isEqualTo(2);
    }

    @Test
    void aWithdrawnQueryFreesItsPlaceAndNeverStarts() {
        QueryAdmission admission = new QueryAdmission(1, 1, 1);
        QueryAdmission.Ticket running = submit(admission, "u", "u1");
        QueryAdmission.Ticket queued = submit(admission, "u", "u2");
        admission.leave(queued);
        admission.leave(queued);
        assertThat(admission.waiting()).isZero();
        QueryAdmission.Ticket next = submit(admission, "v", "v1");
        admission.leave(running);
        assertThat(started).containsExactly("u1", "v1");
        admission.ready(queued, () -> started.add("late"));
        admission.leave(next);
        assertThat(started).containsExactly("u1", "v1");
        assertThat(admission.running()).isZero();
    }

    @Test
    void aQueryAdmittedBeforeItIsReadyStartsWhenReadyAndOnlyOnce() {
        QueryAdmission admission = new QueryAdmission(1, 5, 1);
        QueryAdmission.Ticket running = submit(admission, "u", "u1");
        QueryAdmission.Ticket preparing = admission.enter("v");
        admission.leave(running);
        assertThat(started).containsExactly("u1");
        assertThat(admission.running()).isEqualTo(1);
        admission.ready(preparing, () -> started.add("v1"));
        admission.ready(preparing, () -> started.add("v1 again"));
        assertThat(started).containsExactly("u1", "v1");
    }

    @Test
    void followedQueriesCountAgainstTheLimits() {
        QueryAdmission admission = new QueryAdmission(1, 5, 1);
        QueryAdmission.Ticket followed = admission.occupy("u");
        submit(admission, "v", "v1");
        assertThat(started).isEmpty();
        admission.leave(followed);
        assertThat(started).containsExactly("v1");
    }

    @Test
    void concurrentUseNeverExceedsEitherLimit() throws Exception {
        int maxRunning = 3;
        int perUser = 2;
        QueryAdmission admission = new QueryAdmission(maxRunning, 1000, perUser);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger[] runningOfUser = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(400);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        ExecutorService runners = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> submissions = new ArrayList<>();
            for (int query = 0; query < 400; query++) {
                int user = query % runningOfUser.length;
                submissions.add(clients.submit(() -> {
                    QueryAdmission.Ticket ticket = admission.enter("user" + user);
                    admission.ready(ticket, () -> runners.execute(() -> {
                        int all = running.incrementAndGet();
                        int ofUser = runningOfUser[user].incrementAndGet();
                        if (all > maxRunning || ofUser > perUser) {
                            violations.incrementAndGet();
                        }
                        Thread.yield();
                        runningOfUser[user].decrementAndGet();
                        running.decrementAndGet();
                        admission.leave(ticket);
                        finished.countDown();
                    }));
                }));
            }
            for (Future<?> submission : submissions) {
                submission.get(30, TimeUnit.SECONDS);
            }
            assertThat(finished.await(30, TimeUnit.SECONDS)).as("every query ran and left").isTrue();
        } finally {
            clients.shutdownNow();
            runners.shutdownNow();
        }
        assertThat(violations.get()).isZero();
        assertThat(admission.running()).isZero();
        assertThat(admission.waiting()).isZero();
    }
}
