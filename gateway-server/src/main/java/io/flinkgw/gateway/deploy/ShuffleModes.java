package io.flinkgw.gateway.deploy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.streaming.api.graph.GlobalStreamExchangeMode;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.TableConfig;

/**
 * The batch shuffle modes of sessions and of query clusters.
 *
 * <p>Sessions compile their jobs with hybrid selective exchanges and Flink's default scheduler unless
 * the gateway's configuration (or the session) sets otherwise: a consumer then runs beside its
 * producers, so rows reach the result sink, and the client, while the scan goes on, and a query that
 * has enough rows ends early. Flink's adaptive batch scheduler, its batch default, builds a consumer
 * only once its producers have finished, whatever the exchanges. The default scheduler does not
 * derive parallelism from the data: sessions run at the query cluster's slot count unless they set
 * {@code parallelism.default}.
 *
 * <p>Every query cluster is set up for hybrid exchanges: a TaskManager has the tiered shuffle storage
 * they need only when its cluster's mode is hybrid, and a job compiled with them fails on any other
 * (a NullPointerException while its tasks are deployed).
 *
 * <p>A job with a broadcast exchange never runs on Flink's default scheduler: there (Flink 2.3, blocking
 * or hybrid exchanges alike) only the first consumer of a broadcast receives it, and the others wait
 * forever. {@link #translate} compiles such a job again with Flink's batch defaults.
 */
public final class ShuffleModes {

    /** Job configuration key: the widest operator's parallelism, noted when the job was compiled. */
    static final ConfigOption<Integer> WIDEST_OPERATOR =
            ConfigOptions.key("flinkgw.widest-operator-parallelism").intType().noDefaultValue();

    private ShuffleModes() {}

    /**
     * Adds the session defaults the gateway's configuration leaves unset: hybrid selective exchanges,
     * the default scheduler, and, under that scheduler, a parallelism of {@code slots}.
     */
    public static void addSessionDefaults(Map<String, String> sessionDefaults, int slots) {
        sessionDefaults.putIfAbsent(
                ExecutionOptions.BATCH_SHUFFLE_MODE.key(), BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE.name());
        sessionDefaults.putIfAbsent(JobManagerOptions.SCHEDULER.key(), JobManagerOptions.SchedulerType.Default.name());
        if (JobManagerOptions.SchedulerType.Default.name().equalsIgnoreCase(
                sessionDefaults.get(JobManagerOptions.SCHEDULER.key()))) {
            sessionDefaults.putIfAbsent(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(slots));
        }
    }

    /**
     * Translates a job with {@code translation}, which compiles with the session's {@code config}. A job
     * that would run on Flink's default scheduler and has a broadcast exchange (a broadcast hash join, a
     * nested-loop join) is translated once more with Flink's batch defaults, blocking exchanges on the
     * adaptive batch scheduler, and {@code config} is left as it was.
     */
    public static StreamGraph translate(TableConfig config, Supplier<StreamGraph> translation) {
        StreamGraph graph = translation.get();
        // unset, the option reads Default, yet Flink then schedules batch jobs adaptively
        boolean onDefaultScheduler = config.getOptional(JobManagerOptions.SCHEDULER)
                .filter(JobManagerOptions.SchedulerType.Default::equals).isPresent();
        if (!onDefaultScheduler || !hasBroadcast(graph)) {
            return graph;
        }
        Configuration own = config.getConfiguration();
        Optional<BatchShuffleMode> mode = own.getOptional(ExecutionOptions.BATCH_SHUFFLE_MODE);
        Optional<JobManagerOptions.SchedulerType> scheduler = own.getOptional(JobManagerOptions.SCHEDULER);
        own.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_BLOCKING);
        own.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.AdaptiveBatch);
        try {
            return translation.get();
        } finally {
            restore(own, ExecutionOptions.BATCH_SHUFFLE_MODE, mode);
            restore(own, JobManagerOptions.SCHEDULER, scheduler);
        }
    }

    /** Whether any exchange of the job broadcasts its records to every consumer. */
    static boolean hasBroadcast(StreamGraph graph) {
        return graph.getStreamNodes().stream()
                .flatMap(node -> node.getOutEdges().stream())
                .anyMatch(edge -> edge.getPartitioner().isBroadcast());
    }

    private static <T> void restore(Configuration configuration, ConfigOption<T> option, Optional<T> value) {
        value.ifPresentOrElse(v -> configuration.set(option, v), () -> configuration.removeConfig(option));
    }

    /**
     * Notes the widest operator's parallelism in the job's configuration, where it survives the graph's
     * serialization (a deserialized graph no longer knows its operators until it is turned into a job).
     */
    public static void noteWidestOperator(StreamGraph graph) {
        graph.getJobConfiguration().set(WIDEST_OPERATOR, graph.getMaximumParallelism());
    }

    /**
     * Puts every operator of a hybrid job into one slot sharing group when the job fits in {@code slots}:
     * the default scheduler then deploys all its tasks at once, consumers beside their producers. A job
     * wider than its cluster keeps Flink's per-region groups and runs region by region.
     *
     * @return whether the operators now share slots
     */
    public static boolean shareSlotsOfHybridJob(StreamGraph graph, int slots) {
        GlobalStreamExchangeMode mode = graph.getGlobalStreamExchangeMode();
        boolean hybrid = mode == GlobalStreamExchangeMode.ALL_EDGES_HYBRID_SELECTIVE
                || mode == GlobalStreamExchangeMode.ALL_EDGES_HYBRID_FULL;
        int widest = graph.getJobConfiguration().getOptional(WIDEST_OPERATOR).orElse(Integer.MAX_VALUE);
        if (!hybrid || graph.isDynamic() || widest > slots) {
            return false;
        }
        graph.setAllVerticesInSameSlotSharingGroupByDefault(true);
        return true;
    }

    /**
     * Sets up a cluster's TaskManagers for hybrid exchanges. Jobs keep the mode they were compiled with:
     * sessions write it into each job's configuration.
     */
    public static void enableHybridOn(Configuration cluster) {
        cluster.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE);
    }
}
