package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code size} Flink applications deployed on YARN and waiting for a query
 * ({@code deployment.yarn.warm-applications}), so a query skips starting its JobManager and TaskManager
 * containers. Each spare still runs exactly one query and then ends, as a cold application does; a new
 * spare is started in the background for every one taken.
 *
 * <p>Spares are launched one at a time on a thread of their own; a launch that fails is tried again after
 * a back-off. While the gateway runs it renews a lease the spares watch ({@link SpareClaims}); when it
 * stops, it kills its unclaimed spares, and a spare whose gateway died ends once the lease goes stale.
 */
final class WarmApplications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmApplications.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    /** Deploys one spare application, named {@code spareId}, and returns once YARN runs it. */
    @FunctionalInterface
    interface Launcher {
        ApplicationId launch(String spareId) throws Exception;
    }

    /** How far a spare is: gone, running but its TaskManager not yet registered, or ready. */
    enum SpareState {
        GONE,
        STARTING,
        READY
    }

    /** What the pool asks of YARN and of the spares' JobManagers. */
    interface Applications {
        /** How far the application is. */
        SpareState stateOf(ApplicationId applicationId) throws Exception;

        /** Kills the application. */
        void kill(ApplicationId applicationId) throws Exception;
    }

    /** A deployed spare. */
    record Spare(String spareId, ApplicationId applicationId) {
        Spare {
            requireNonNull(spareId, "spareId is null");
            requireNonNull(applicationId, "applicationId is null");
        }
    }

    private final int size;
    private final Launcher launcher;
    private final SpareClaims claims;
    private final Applications applications;
    private final String leaseName;
    private final ScheduledExecutorService executor;
    private final Deque<Spare> ready = new ArrayDeque<>();
    private int launching;
    private boolean closed;

    /**
     * @param leaseName names the gateway's lease; the spares are given it
     * @param leaseInterval how often the lease is renewed
     */
    WarmApplications(
            int size, Launcher launcher, SpareClaims claims, Applications applications, String leaseName,
            Duration leaseInterval) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        this.size = size;
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.claims = requireNonNull(claims, "claims is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.leaseName = requireNonNull(leaseName, "leaseName is null");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flinkgw-yarn-spares");
            thread.setDaemon(true);
            return thread;
        });
        if (size > 0) {
            executor.scheduleWithFixedDelay(this::renewLease, 0, leaseInterval.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                replenish();
            }
        }
    }

    /** A new spare's name: {@code spare-<random>}. */
    static String newSpareId() {
        return "spare-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /**
     * Takes a spare and hands it the query: one whose TaskManager has registered if there is one, else one
     * still starting its TaskManager (further along than a new application); empty when no spare runs (the
     * query then deploys an application of its own).
     */
    Optional<Spare> claim(String queryId) {
        List<Spare> candidates;
        synchronized (this) {
            candidates = closed ? List.of() : List.copyOf(ready);
        }
        Spare starting = null;
        for (Spare spare : candidates) {
            SpareState state = stateOf(spare);
            if (state == SpareState.READY && take(spare)) {
                return handOver(spare, queryId);
            }
            if (state == SpareState.GONE && take(spare)) {
                LOG.warn("Spare application {} is no longer running", spare.applicationId());
            } else if (state == SpareState.STARTING && starting == null) {
                starting = spare;
            }
        }
        if (starting != null && take(starting)) {
            return handOver(starting, queryId);
        }
        return Optional.empty();
    }

    private SpareState stateOf(Spare spare) {
        try {
            return applications.stateOf(spare.applicationId());
        } catch (Exception e) {
            LOG.warn("Could not tell how spare application {} is doing", spare.applicationId(), e);
            return SpareState.STARTING;
        }
    }

    /** Removes the spare from the waiting ones; false when another query took it first. */
    private synchronized boolean take(Spare spare) {
        if (!ready.remove(spare)) {
            return false;
        }
        replenish();
        return true;
    }

    private Optional<Spare> handOver(Spare spare, String queryId) {
        try {
            claims.claim(spare.spareId(), queryId);
            LOG.info("Query {} runs on warm application {}", queryId, spare.applicationId());
            return Optional.of(spare);
        } catch (Exception e) {
            LOG.warn("Could not hand query {} to spare application {}", queryId, spare.applicationId(), e);
            killQuietly(spare.applicationId());
            return Optional.empty();
        }
    }

    /** Whether the application is one of this pool's spares still waiting for a query. */
    synchronized boolean isWaiting(ApplicationId applicationId) {
        return ready.stream().anyMatch(spare -> spare.applicationId().equals(applicationId));
    }

    /** Spares deployed and waiting. */
    synchronized int waiting() {
        return ready.size();
    }

    private void replenish() {
        while (!closed && ready.size() + launching < size) {
            launching++;
            schedule(Duration.ZERO);
        }
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(this::launchOne, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            launching--; // closing
        }
    }

    private void launchOne() {
        String spareId = newSpareId();
        ApplicationId applicationId;
        try {
            applicationId = launcher.launch(spareId);
        } catch (Exception | Error e) {
            LOG.warn("Could not start a warm application on YARN; trying again in {} s", RETRY_AFTER_FAILURE.toSeconds(), e);
            synchronized (this) {
                if (!closed) {
                    schedule(RETRY_AFTER_FAILURE);
                    return;
                }
                launching--;
            }
            return;
        }
        boolean kill;
        synchronized (this) {
            launching--;
            kill = closed;
            if (!closed) {
                ready.addLast(new Spare(spareId, applicationId));
            }
        }
        if (kill) {
            killQuietly(applicationId);
        } else {
            LOG.info("Warm application {} ({}) is waiting for a query", applicationId, spareId);
        }
    }

    private void renewLease() {
        try {
            claims.renewLease(leaseName);
        } catch (Exception e) {
            LOG.warn("Could not renew the lease of the warm applications", e);
        }
    }

    private void killQuietly(ApplicationId applicationId) {
        try {
            applications.kill(applicationId);
        } catch (Exception e) {
            LOG.warn("Could not kill spare application {}", applicationId, e);
        }
    }

    /** Kills the spares still waiting; claimed ones run their query to its end. */
    @Override
    public void close() {
        List<Spare> waiting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waiting = List.copyOf(ready);
            ready.clear();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.forEach(spare -> killQuietly(spare.applicationId()));
        try {
            claims.dropLease(leaseName);
        } catch (Exception e) {
            LOG.debug("Could not drop the lease of the warm applications", e);
        }
    }
}
