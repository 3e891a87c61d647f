package io.flinkgw.gateway.deploy.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmApplicationsTest {

    @TempDir
    Path directory;

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final BlockingQueue<String> launched = new LinkedBlockingQueue<>();
    private final Set<ApplicationId> killed = ConcurrentHashMap.newKeySet();
    private final List<ApplicationId> dead = new CopyOnWriteArrayList<>();
    private final List<ApplicationId> starting = new CopyOnWriteArrayList<>();

    /** Launches go ahead one permit at a time. */
    private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(Integer.MAX_VALUE);

    private final WarmApplications.Launcher launcher = spareId -> {
        permits.acquire();
        launched.add(spareId);
        return ApplicationId.newInstance(1L, nextId.getAndIncrement());
    };

    private final WarmApplications.Applications applications = new WarmApplications.Applications() {
        @Override
        public WarmApplications.SpareState stateOf(ApplicationId applicationId) {
            if (dead.contains(applicationId) || killed.contains(applicationId)) {
                return WarmApplications.SpareState.GONE;
            }
            return starting.contains(applicationId) ? WarmApplications.SpareState.STARTING : WarmApplications.SpareState.READY;
        }

        @Override
        public void kill(ApplicationId applicationId) {
            killed.add(applicationId);
        }
    };

    private SpareClaims claims() {
        return new SpareClaims(new org.apache.flink.core.fs.Path(directory.toUri()));
    }

    @Test
    void aClaimedSpareIsHandedItsQueryAndReplaced() throws Exception {
        SpareClaims claims = claims();
        try (WarmApplications pool = new WarmApplications(1, launcher, claims, applications, "gw", Duration.ofMinutes(1))) {
            String first = launched.poll(10, TimeUnit.SECONDS);
            awaitWaiting(pool, 1);

            Optional<WarmApplications.Spare> spare = pool.claim("q1");

            assertThat(spare).isPresent();
            assertThat(spare.get().spareId()).isEqualTo(first);
            assertThat(claims.claimOf(first)).contains("q1");
            assertThat(launched.poll(10, TimeUnit.SECONDS)).as("a replacement is launched").isNotNull().isNotEqualTo(first);
            awaitWaiting(pool, 1);
            assertThat(pool.isWaiting(spare.get().applicationId())).isFalse();
        }
    }

    @Test
    void aSpareThatDiedIsSkippedAndNoSpareMeansNone() throws Exception {
        permits.drainPermits();
        permits.release(1);
        try (WarmApplications pool = new WarmApplications(1, launcher, claims(), applications, "gw", Duration.ofMinutes(1))) {
            launched.poll(10, TimeUnit.SECONDS);
            awaitWaiting(pool, 1);
            dead.add(ApplicationId.newInstance(1L, 1));

            Optional<WarmApplications.Spare> spare = pool.claim("q1");

            assertThat(spare).isEmpty();
            permits.release(1);
            assertThat(launched.poll(10, TimeUnit.SECONDS)).as("a replacement is launched").isNotNull();
            awaitWaiting(pool, 1);
            assertThat(pool.claim("q2")).map(WarmApplications.Spare::applicationId).contains(ApplicationId.newInstance(1L, 2));
        }
    }

    @Test
    void aSpareWithItsTaskManagerReadyIsPreferredToOneStillStarting() throws Exception {
        starting.add(ApplicationId.newInstance(1L, 1));
        try (WarmApplications pool = new WarmApplications(2, launcher, claims(), applications, "gw", Duration.ofMinutes(1))) {
            awaitWaiting(pool, 2);

            assertThat(pool.claim("q1")).map(WarmApplications.Spare::applicationId).contains(ApplicationId.newInstance(1L, 2));
            awaitWaiting(pool, 2);
            assertThat(pool.claim("q2")).map(WarmApplications.Spare::applicationId).contains(ApplicationId.newInstance(1L, 3));
            starting.add(ApplicationId.newInstance(1L, 4));
            awaitWaiting(pool, 2);
            assertThat(pool.claim("q3")).as("still starting, but further along than a new application")
                    .map(WarmApplications.Spare::applicationId).contains(ApplicationId.newInstance(1L, 1));
        }
    }

    @Test
    void closingKillsTheWaitingSparesAndDropsTheLease() throws Exception {
        SpareClaims claims = claims();
        WarmApplications pool = new WarmApplications(2, launcher, claims, applications, "gw", Duration.ofMillis(50));
        launched.poll(10, TimeUnit.SECONDS);
        launched.poll(10, TimeUnit.SECONDS);
        awaitWaiting(pool, 2);
        assertThat(claims.leaseRenewedAt("gw")).isPresent();

        pool.close();

        assertThat(killed).containsExactlyInAnyOrder(ApplicationId.newInstance(1L, 1), ApplicationId.newInstance(1L, 2));
        assertThat(claims.leaseRenewedAt("gw")).isEmpty();
        assertThat(pool.claim("q")).isEmpty();
    }

    @Test
    void noSpareIsStartedWithSizeZero() throws Exception {
        try (WarmApplications pool = new WarmApplications(0, launcher, claims(), applications, "gw", Duration.ofMinutes(1))) {
            assertThat(pool.claim("q")).isEmpty();
            assertThat(launched).isEmpty();
        }
    }

    @Test
    void aSpareWaitsForItsClaim() throws Exception {
        SpareClaims claims = claims();
        claims.renewLease("gw");
        SpareWait wait = new SpareWait(claims, "spare-1", "gw", Duration.ofMinutes(1));
        CountDownLatch waiting = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Optional<String>> query = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return wait.awaitQuery();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();

        claims.claim("spare-1", "q42");

        assertThat(query.get(10, TimeUnit.SECONDS)).contains("q42");
    }

    @Test
    void aSpareEndsWithoutAQueryOnceItsLeaseIsStale() throws Exception {
        SpareClaims claims = claims();
        claims.renewLease("gw");
        SpareWait wait = new SpareWait(claims, "spare-1", "gw", Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThat(wait.awaitQuery()).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void namesThatCouldFormPathsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> claims().claim("../x", "q"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits, up to 10 s, until {@code count} spares wait: a timer checks every 10 ms and completes a future. */
    private static void awaitWaiting(WarmApplications pool, int count) throws Exception {
        java.util.concurrent.CompletableFuture<Void> reached = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(() -> {
                if (pool.waiting() >= count) {
                    reached.complete(null);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            reached.get(10, TimeUnit.SECONDS);
        } finally {
            timer.shutdownNow();
        }
    }
}
