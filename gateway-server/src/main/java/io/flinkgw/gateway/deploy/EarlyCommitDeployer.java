package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.result.ResultStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Ends the jobs whose results are complete before the jobs are: a result sink that holds all the rows
 * its query asks for (the statement's maxRows, a top-level LIMIT) commits the result itself, and the
 * job that still computes the rest is cancelled here. Wraps another deployer's jobs so that such a job
 * completes normally, as finished, although it was cancelled ({@link CommitWatchedJob}).
 */
public final class EarlyCommitDeployer implements ClusterDeployer {

    private final ClusterDeployer delegate;
    private final ResultStore resultStore;
    private final Duration pollInterval;
    private final ScheduledExecutorService watcher;

    /**
     * @param delegate the deployer that runs the jobs
     * @param resultStore where the jobs' results are committed
     * @param pollInterval how often a running job's result is looked for
     */
    public EarlyCommitDeployer(ClusterDeployer delegate, ResultStore resultStore, Duration pollInterval) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flinkgw-commit-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        return watch(deployment.queryId(), delegate.deploy(deployment));
    }

    @Override
    public Optional<DeployedJob> reattach(String queryId, Optional<String> clusterId) throws Exception {
        return delegate.reattach(queryId, clusterId).map(job -> watch(queryId, job));
    }

    private DeployedJob watch(String queryId, DeployedJob job) {
        return new CommitWatchedJob(job, () -> resultStore.committedEarly(queryId), watcher, pollInterval).start();
    }

    @Override
    public void abort(String queryId) {
        delegate.abort(queryId);
    }

    @Override
    public boolean clustersOutliveGateway() {
        return delegate.clustersOutliveGateway();
    }

    @Override
    public int killOrphans(Predicate<String> isRunning) {
        return delegate.killOrphans(isRunning);
    }

    @Override
    public int runningClusters() {
        return delegate.runningClusters();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        delegate.close();
    }
}
