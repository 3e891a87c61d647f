package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deployer whose deployments the test paces: while deployments are {@linkplain #holdDeployments()
 * held}, {@link #deploy} blocks until {@link #releaseDeployments()}; each returns a
 * {@link TestingDeployedJob} the test ends. Deployments, aborts and reattachable jobs are recorded.
 */
public final class TestingClusterDeployer implements ClusterDeployer {

    /** Whether the clusters run on when the gateway stops. */
    public enum ClusterLifetime {
        DIES_WITH_GATEWAY,
        OUTLIVES_GATEWAY
    }

    private static final long DEPLOY_TIMEOUT_SECONDS = 30;

    private final ClusterLifetime lifetime;
    private final Map<String, CompletableFuture<QueryDeployment>> started = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<TestingDeployedJob>> deployed = new ConcurrentHashMap<>();
    private final Map<String, TestingDeployedJob> reattachable = new ConcurrentHashMap<>();
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final List<String> aborts = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public TestingClusterDeployer(ClusterLifetime lifetime) {
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    /** From now on, deployments block until {@link #releaseDeployments()}. */
    public void holdDeployments() {
        gate = new CountDownLatch(1);
    }

    /** Lets every held deployment return. */
    public void releaseDeployments() {
        gate.countDown();
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        String queryId = deployment.queryId();
        deployments.add(queryId);
        started(queryId).complete(deployment);
        if (!gate.await(DEPLOY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The test never released the deployment of query " + queryId);
        }
        TestingDeployedJob job = new TestingDeployedJob("job-" + queryId, "cluster-" + queryId);
        job(queryId).complete(job);
        return job;
    }

    /** Completes once the deployment of the query has begun. */
    public CompletableFuture<QueryDeployment> started(String queryId) {
        return started.computeIfAbsent(queryId, id -> new CompletableFuture<>());
    }

    /** Completes with the query's job once its deployment returned it. */
    public CompletableFuture<TestingDeployedJob> job(String queryId) {
        return deployed.computeIfAbsent(queryId, id -> new CompletableFuture<>());
    }

    /** Makes {@link #reattach} find {@code job} for the query, as a cluster left by a previous gateway. */
    public void leaveRunning(String queryId, TestingDeployedJob job) {
        reattachable.put(queryId, job);
    }

    @Override
    public Optional<DeployedJob> reattach(String queryId, Optional<String> clusterId) {
        return Optional.ofNullable(reattachable.get(queryId));
    }

    @Override
    public void abort(String queryId) {
        aborts.add(queryId);
    }

    @Override
    public boolean clustersOutliveGateway() {
        return lifetime == ClusterLifetime.OUTLIVES_GATEWAY;
    }

    /** The queries whose deployment began, in order. */
    public List<String> deployments() {
        return List.copyOf(deployments);
    }

    /** The queries whose deployment was aborted, in order. */
    public List<String> aborts() {
        return List.copyOf(aborts);
    }

    @Override
    public int runningClusters() {
        return (int) deployed.values().stream().filter(job -> job.isDone() && !job.join().completion().isDone()).count();
    }

    @Override
    public void close() {
        releaseDeployments();
    }
}
