package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A query's Flink application on YARN. Its end is learnt from YARN, which outlives the JobManager: a
 * JobManager that cannot be reached while YARN still says RUNNING (a new attempt after a lost
 * JobManager) is waited for, never taken for a failure.
 */
final class YarnDeployedJob implements DeployedJob {

    private static final Logger LOG = LoggerFactory.getLogger(YarnDeployedJob.class);

    private final String queryId;
    private final JobID jobId;
    private final ApplicationId applicationId;
    private final YarnApplications applications;
    private final ResultStore resultStore;
    private final Supplier<Optional<ClusterClient<ApplicationId>>> restClient;
    private final ScheduledExecutorService monitor;
    private final Executor killer;
    private final Duration pollInterval;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private static final int SETTLE_ATTEMPTS = 5;
    private static final long KILL_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ClusterClient<ApplicationId> client; // guarded by this
    private volatile boolean killRequested;
    private volatile long lastKillNanos;
    private volatile boolean killed;

    YarnDeployedJob(
            String queryId, JobID jobId, ApplicationId applicationId, YarnApplications applications, ResultStore resultStore,
            Supplier<Optional<ClusterClient<ApplicationId>>> restClient, ScheduledExecutorService monitor, Executor killer,
            Duration pollInterval) {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.jobId = requireNonNull(jobId, "jobId is null");
        this.applicationId = requireNonNull(applicationId, "applicationId is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        this.restClient = requireNonNull(restClient, "restClient is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.killer = requireNonNull(killer, "killer is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        completion.whenComplete((ignored, failure) -> closeClient());
    }

    /** Starts following the application until YARN says it has ended. */
    YarnDeployedJob follow() {
        schedule(Duration.ZERO);
        return this;
    }

    private void schedule(Duration delay) {
        if (!completion.isDone()) {
            monitor.schedule(() -> check(delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void check(Duration lastDelay) {
        try {
            Optional<ApplicationReport> report = applications.report(applicationId);
            if (report.isEmpty()) {
                settle(Optional.empty(), 1);
                return;
            }
            if (!YarnApplications.LIVE_STATES.contains(report.get().getYarnApplicationState())) {
                settle(report, 1);
                return;
            }
            if (killRequested && System.nanoTime() - lastKillNanos > KILL_RETRY_NANOS) {
                kill(); // an earlier kill did not take (YARN was unreachable, say): no cancelled query runs on
            }
            schedule(pollInterval);
        } catch (Exception | Error e) {
            // YARN unreachable: the application may well be running; ask again, less often
            Duration next = lastDelay.multipliedBy(2).compareTo(pollInterval.multipliedBy(10)) > 0
                    ? pollInterval.multipliedBy(10)
                    : lastDelay.isZero() ? pollInterval : lastDelay.multipliedBy(2);
            LOG.warn("Could not get the YARN report of application {} (query {}); asking again in {}",
                    applicationId, queryId, next, e);
            schedule(next);
        }
    }

    /** Completes from the application's final report (none: YARN forgot it) and the result's markers. */
    private void settle(Optional<ApplicationReport> report, int attempt) {
        try {
            if (resultStore.manifest(queryId).isPresent()) {
                completion.complete(null);
                return;
            }
            Optional<FailureRecord> failure = resultStore.failure(queryId);
            if (failure.isPresent()) {
                completion.completeExceptionally(new JobFailedException(failure.get().message()));
                return;
            }
        } catch (Exception e) {
            if (attempt < SETTLE_ATTEMPTS) {
                // the shared file system may be briefly unavailable: a result is not given up on at once
                LOG.warn("Could not read the result markers of query {} (attempt {})", queryId, attempt, e);
                monitor.schedule(() -> settle(report, attempt + 1), pollInterval.toMillis() * attempt, TimeUnit.MILLISECONDS);
                return;
            }
            completion.completeExceptionally(
                    new JobFailedException("The result of query " + queryId + " cannot be read: " + e.getMessage()));
            return;
        }
        completion.completeExceptionally(new JobFailedException(YarnApplications.describeEnd(applicationId, report)));
    }

    @Override
    public String jobId() {
        return jobId.toHexString();
    }

    @Override
    public String clusterId() {
        return applicationId.toString();
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Asks the JobManager over Flink's REST API; empty once it is gone or cannot be reached. */
    @Override
    public synchronized Optional<JobStatus> liveStatus() {
        if (completion.isDone()) {
            return Optional.empty();
        }
        ClusterClient<ApplicationId> current = client;
        if (current == null) {
            current = restClient.get().orElse(null);
            if (current == null) {
                return Optional.empty();
            }
            client = current;
        }
        try {
            return Optional.of(current.getJobStatus(jobId).get(2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            // gone, or moved to a new attempt's JobManager: look it up again next time
            closeClient();
            return Optional.empty();
        }
    }

    /** Kills the application: YARN tears all its containers down; retried until YARN says it has ended. */
    @Override
    public void cancel() {
        if (completion.isDone()) {
            return;
        }
        killRequested = true;
        kill();
    }

    private void kill() {
        lastKillNanos = System.nanoTime();
        try {
            killer.execute(() -> {
                try {
                    applications.kill(applicationId);
                    killed = true;
                    LOG.info("Killed application {} of query {}", applicationId, queryId);
                } catch (Exception e) {
                    LOG.warn("Could not kill application {} of query {}; trying again while it runs", applicationId, queryId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Application {} of query {} was not killed: the gateway is stopping", applicationId, queryId);
        }
    }

    /** True once YARN has accepted this job's kill: the application will not run again. */
    boolean killed() {
        return killed;
    }

    /** The application the job runs on. */
    ApplicationId applicationId() {
        return applicationId;
    }

    /** Closes the REST client, if one is open (also when the gateway stops following the job). */
    synchronized void closeClient() {
        ClusterClient<ApplicationId> current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }

}
