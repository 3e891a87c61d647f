package io.flinkgw.gateway.deploy;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Starts a cluster dedicated to one query, runs the query's job on it, and tears the cluster
 * down when the job ends. Implementations are thread-safe.
 */
public interface ClusterDeployer extends AutoCloseable {

    /**
     * Deploys the plan on a new cluster and returns once the job is submitted.
     *
     * @throws Exception when no cluster could be started or the job was rejected
     */
    DeployedJob deploy(QueryDeployment deployment) throws Exception;

    /**
     * Finds the cluster a previous gateway started for a query that is not over yet, so that it can be
     * followed to its end (a cluster process a crashed gateway left, a YARN application).
     *
     * @param clusterId the cluster id recorded for the query, if it was recorded before the gateway stopped
     * @return the job, or empty when no cluster of the query exists
     * @throws Exception when it cannot be told (the cluster manager is unreachable): try again later
     */
    default Optional<DeployedJob> reattach(String queryId, Optional<String> clusterId) throws Exception {
        return Optional.empty();
    }

    /** Tears down whatever a {@link #deploy} still in progress for the query has started; idempotent. */
    default void abort(String queryId) {}

    /** Whether clusters run on when the gateway stops, to be followed again by the next one. */
    default boolean clustersOutliveGateway() {
        return false;
    }

    /**
     * Tears down the clusters this gateway started that are still running although their queries are
     * not ({@code isRunning} is false for a query that is over or unknown).
     *
     * @return how many were torn down
     */
    default int killOrphans(Predicate<String> isRunning) {
        return 0;
    }

    /** Clusters started ahead of need and ready, not yet running a query. */
    default int spareClusters() {
        return 0;
    }

    /** Clusters running a query right now. */
    int runningClusters();

    /** Tears down every cluster this deployer still runs. */
    @Override
    void close();
}
