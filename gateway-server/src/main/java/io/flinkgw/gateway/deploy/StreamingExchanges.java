package io.flinkgw.gateway.deploy;

import java.util.Map;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;

/**
 * How rows reach a query's result sink while the operators before it still run. Flink's batch default
 * (blocking exchanges) holds every row back until its producers have finished; hybrid exchanges let a
 * consumer read while its producers write, spilling only what memory cannot hold.
 *
 * <ul>
 *   <li>Sessions compile their jobs with hybrid exchanges unless they choose another shuffle mode.
 *   <li>Every query cluster sets up its TaskManagers' tiered shuffle storage, which hybrid exchanges need.
 *   <li>Local query clusters schedule with Flink's default scheduler, which deploys a consumer beside
 *       its running producers (the adaptive batch scheduler waits for them to finish); the gateway's
 *       sessions then default to a parallelism of those clusters' slots.
 *   <li>A SELECT's operators share slots, so that the sink finds one while its producers hold the rest.
 * </ul>
 */
public final class StreamingExchanges {

    /** The shuffle mode sessions compile jobs with unless they set {@code execution.batch-shuffle-mode}. */
    public static final BatchShuffleMode DEFAULT_MODE = BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE;

    private StreamingExchanges() {}

    /** Adds the default shuffle mode to a session's defaults, unless the gateway's configuration sets one. */
    public static void addSessionDefault(Map<String, String> sessionDefaults) {
        sessionDefaults.putIfAbsent(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), DEFAULT_MODE.name());
    }

    /**
     * Sets up a cluster's TaskManagers for hybrid exchanges (their tiered shuffle storage exists only when
     * the cluster's shuffle mode is hybrid). Jobs keep the mode they were compiled with, whatever it is:
     * each exchange's kind is part of the job's graph.
     */
    public static void enableOn(Configuration cluster) {
        cluster.set(ExecutionOptions.BATCH_SHUFFLE_MODE, DEFAULT_MODE);
    }

    /**
     * What sessions compile for local query clusters, unless the gateway's configuration says otherwise:
     * every operator at the clusters' {@code slots} (their scheduler runs an operator without a
     * parallelism of its own at 1), and joins planned ahead (adaptive joins need the adaptive batch
     * scheduler).
     */
    public static void addLocalSessionDefaults(Map<String, String> sessionDefaults, int slots) {
        sessionDefaults.putIfAbsent(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM.key(), String.valueOf(slots));
        sessionDefaults.putIfAbsent(OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_BROADCAST_JOIN_STRATEGY.key(),
                OptimizerConfigOptions.AdaptiveBroadcastJoinStrategy.NONE.name());
        sessionDefaults.putIfAbsent(OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_SKEWED_JOIN_OPTIMIZATION_STRATEGY.key(),
                OptimizerConfigOptions.AdaptiveSkewedJoinOptimizationStrategy.NONE.name());
    }

    /** A local query cluster: hybrid exchanges and the default scheduler (see {@link #addLocalSessionDefaults}). */
    public static void configureLocalCluster(Configuration cluster) {
        enableOn(cluster);
        cluster.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
    }

    /** Lets every operator of a SELECT's job share slots when its exchanges are hybrid. */
    public static void shareSlots(StreamGraph graph, Configuration session) {
        if (session.get(ExecutionOptions.BATCH_SHUFFLE_MODE) != BatchShuffleMode.ALL_EXCHANGES_BLOCKING) {
            graph.setAllVerticesInSameSlotSharingGroupByDefault(true);
        }
    }
}
