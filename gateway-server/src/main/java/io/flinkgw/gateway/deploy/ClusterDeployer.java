package io.flinkgw.gateway.deploy;

/**
 * Starts a cluster dedicated to one query, runs the query's compiled plan on it, and tears the cluster
 * down when the job ends. Implementations are thread-safe.
 */
public interface ClusterDeployer extends AutoCloseable {

    /**
     * Deploys the plan on a new cluster and returns once the job is submitted.
     *
     * @throws Exception when no cluster could be started or the job was rejected
     */
    DeployedJob deploy(QueryDeployment deployment) throws Exception;

    /** Clusters running a query right now. */
    int runningClusters();

    /** Tears down every cluster this deployer still runs. */
    @Override
    void close();
}
