package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.ClusterClientJobClientAdapter;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.client.program.ClusterClientProvider;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: every query runs on a Flink MiniCluster of its own inside the gateway's JVM,
 * its job graph submitted through the cluster's REST endpoint exactly as to a remote cluster, and shut down when the
 * job ends. To keep the first row quick, {@code warmClusters} clusters are started ahead of need; each
 * still serves exactly one query.
 */
public final class LocalPerJobDeployer implements ClusterDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPerJobDeployer.class);

    private final int taskSlots;
    private final int warmClusters;
    private final ExecutorService clusterStarter;
    private final Deque<CompletableFuture<MiniCluster>> warm = new ArrayDeque<>();
    private final Set<MiniCluster> running = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** Creates the deployer; call nothing else before the first {@link #deploy}. */
    public LocalPerJobDeployer(int taskSlots, int warmClusters) {
        if (taskSlots < 1 || warmClusters < 0) {
            throw new IllegalArgumentException("taskSlots must be positive and warmClusters not negative");
        }
        this.taskSlots = taskSlots;
        this.warmClusters = warmClusters;
        this.clusterStarter =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "flinkgw-cluster-starter");
                            thread.setDaemon(true);
                            return thread;
                        });
        synchronized (this) {
            replenish();
        }
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        requireNonNull(deployment, "deployment is null");
        MiniCluster cluster = takeCluster();
        try {
            URI restAddress = cluster.getRestAddress().get();
            ClassLoader classLoader = LocalPerJobDeployer.class.getClassLoader();
            StreamGraph graph = ExecutionPlans.deserialize(deployment.executionPlan(), classLoader);
            JobID jobId = ExecutionPlans.jobIdOf(deployment.queryId());
            graph.setJobId(jobId);
            ClusterClientProvider<StandaloneClusterId> clients = restClients(restAddress);
            try (ClusterClient<StandaloneClusterId> client = clients.getClusterClient()) {
                client.submitJob(graph).get();
            }
            JobClient jobClient = new ClusterClientJobClientAdapter<>(clients, jobId, classLoader);
            LocalDeployedJob job = new LocalDeployedJob(jobClient, cluster, restAddress.toString());
            job.completion().whenComplete((ignored, failure) -> shutDown(cluster));
            LOG.info("Query {} runs as job {} on its own cluster {}", deployment.queryId(), jobId, restAddress);
            return job;
        } catch (Exception | Error e) {
            shutDown(cluster);
            throw e;
        }
    }

    /** REST clients of a cluster, as any remote client reaches it; a new one per call, closed by the caller. */
    private static ClusterClientProvider<StandaloneClusterId> restClients(URI restAddress) {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, restAddress.getHost());
        configuration.set(RestOptions.PORT, restAddress.getPort());
        return () -> {
            try {
                return new RestClusterClient<>(configuration, StandaloneClusterId.getInstance());
            } catch (Exception e) {
                throw new IllegalStateException("Cannot reach the query's cluster at " + restAddress + ": " + e.getMessage(), e);
            }
        };
    }

    private MiniCluster takeCluster() throws Exception {
        CompletableFuture<MiniCluster> next;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The deployer is closed");
            }
            next = warm.pollFirst();
            replenish();
        }
        MiniCluster cluster;
        try {
            cluster = next != null ? next.get() : startCluster();
        } catch (InterruptedException | RuntimeException e) {
            if (next != null) {
                next.thenAccept(this::closeQuietly); // taken from the warm queue: nobody else will close it
            }
            throw e;
        }
        synchronized (this) {
            if (closed) {
                closeQuietly(cluster);
                throw new IllegalStateException("The deployer is closed");
            }
            running.add(cluster);
        }
        return cluster;
    }

    private void replenish() {
        while (!closed && warm.size() < warmClusters) {
            warm.addLast(CompletableFuture.supplyAsync(this::startClusterUnchecked, clusterStarter));
        }
    }

    private MiniCluster startClusterUnchecked() {
        try {
            return startCluster();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start a local Flink cluster: " + e.getMessage(), e);
        }
    }

    private MiniCluster startCluster() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(taskSlots)
                                .build());
        cluster.start();
        return cluster;
    }

    private void shutDown(MiniCluster cluster) {
        running.remove(cluster);
        cluster.closeAsync()
                .whenComplete(
                        (ignored, failure) -> {
                            if (failure != null) {
                                LOG.warn("Local cluster did not shut down cleanly", failure);
                            }
                        });
    }

    @Override
    public int runningClusters() {
        return running.size();
    }

    @Override
    public void close() {
        List<MiniCluster> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(running);
            running.clear();
        }
        clusterStarter.shutdown();
        try {
            clusterStarter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CompletableFuture<MiniCluster> spare : warm) {
            spare.thenAccept(this::closeQuietly);
        }
        warm.clear();
        for (MiniCluster cluster : toClose) {
            closeQuietly(cluster);
        }
    }

    private void closeQuietly(MiniCluster cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Local cluster did not shut down cleanly", e);
        }
    }

    private static final class LocalDeployedJob implements DeployedJob {
        private final JobClient client;
        private final MiniCluster cluster;
        private final String clusterId;
        private final CompletableFuture<Void> completion;

        LocalDeployedJob(JobClient client, MiniCluster cluster, String clusterId) {
            this.client = requireNonNull(client, "client is null");
            this.cluster = requireNonNull(cluster, "cluster is null");
            this.clusterId = requireNonNull(clusterId, "clusterId is null");
            this.completion = client.getJobExecutionResult().thenApply(result -> null);
        }

        @Override
        public String jobId() {
            return client.getJobID().toString();
        }

        @Override
        public String clusterId() {
            return clusterId;
        }

        @Override
        public CompletableFuture<Void> completion() {
            return completion;
        }

        @Override
        public Optional<JobStatus> liveStatus() {
            if (!cluster.isRunning()) {
                return Optional.empty();
            }
            try {
                return Optional.of(client.getJobStatus().get(2, TimeUnit.SECONDS));
            } catch (Exception e) {
                return Optional.empty();
            }
        }

        /** Cancels the job; if the cluster cannot be told, the cluster is shut down instead. */
        @Override
        public void cancel() {
            if (!completion.isDone()) {
                client.cancel().whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        cluster.closeAsync();
                    }
                });
            }
        }
    }
}
