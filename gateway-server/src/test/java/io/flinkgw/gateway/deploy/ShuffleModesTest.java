package io.flinkgw.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.GlobalStreamExchangeMode;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.TableConfig;
import org.junit.jupiter.api.Test;

class ShuffleModesTest {

    @Test
    void sessionsDefaultToHybridExchangesOnTheDefaultSchedulerAtTheClustersSlotCount() {
        Map<String, String> defaults = new HashMap<>();

        ShuffleModes.addSessionDefaults(defaults, 3);

        assertThat(defaults).containsEntry(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), "ALL_EXCHANGES_HYBRID_SELECTIVE")
                .containsEntry(JobManagerOptions.SCHEDULER.key(), "Default")
                .containsEntry(CoreOptions.DEFAULT_PARALLELISM.key(), "3");
    }

    @Test
    void whatTheGatewaysConfigurationSetsIsKept() {
        Map<String, String> defaults = new HashMap<>(Map.of(
                ExecutionOptions.BATCH_SHUFFLE_MODE.key(), "ALL_EXCHANGES_BLOCKING",
                CoreOptions.DEFAULT_PARALLELISM.key(), "1"));

        ShuffleModes.addSessionDefaults(defaults, 2);

        assertThat(defaults).containsEntry(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), "ALL_EXCHANGES_BLOCKING")
                .containsEntry(CoreOptions.DEFAULT_PARALLELISM.key(), "1");
    }

    @Test
    void theAdaptiveBatchSchedulerKeepsDerivingParallelismItself() {
        Map<String, String> defaults = new HashMap<>(Map.of(JobManagerOptions.SCHEDULER.key(), "AdaptiveBatch"));

        ShuffleModes.addSessionDefaults(defaults, 2);

        assertThat(defaults).doesNotContainKey(CoreOptions.DEFAULT_PARALLELISM.key())
                .containsEntry(JobManagerOptions.SCHEDULER.key(), "AdaptiveBatch");
    }

    @Test
    void aHybridJobThatFitsItsClusterSharesSlots() {
        StreamGraph graph = graph(BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE, "Default", 2);
        ShuffleModes.noteWidestOperator(graph);

        assertThat(ShuffleModes.shareSlotsOfHybridJob(graph, 2)).isTrue();
        assertThat(graph.isAllVerticesInSameSlotSharingGroupByDefault()).isTrue();
    }

    @Test
    void aHybridJobWiderThanItsClusterKeepsItsRegions() {
        StreamGraph graph = graph(BatchShuffleMode.ALL_EXCHANGES_HYBRID_FULL, "Default", 4);
        ShuffleModes.noteWidestOperator(graph);

        assertThat(ShuffleModes.shareSlotsOfHybridJob(graph, 2)).isFalse();
        assertThat(ShuffleModes.shareSlotsOfHybridJob(graph, 4)).isTrue();
    }

    @Test
    void aJobWhoseWidthWasNotNotedSharesOnlyWhereSlotsAreUnbounded() {
        StreamGraph graph = graph(BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE, "Default", 1);

        assertThat(ShuffleModes.shareSlotsOfHybridJob(graph, 64)).isFalse();
        assertThat(ShuffleModes.shareSlotsOfHybridJob(graph, Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void blockingAndAdaptivelyScheduledJobsAreLeftAsTheyAre() {
        StreamGraph blocking = graph(BatchShuffleMode.ALL_EXCHANGES_BLOCKING, "Default", 1);
        StreamGraph adaptive = graph(BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE, "AdaptiveBatch", 1);
        ShuffleModes.noteWidestOperator(blocking);
        ShuffleModes.noteWidestOperator(adaptive);

        assertThat(ShuffleModes.shareSlotsOfHybridJob(blocking, 2)).isFalse();
        assertThat(ShuffleModes.shareSlotsOfHybridJob(adaptive, 2)).isFalse();
        assertThat(blocking.isAllVerticesInSameSlotSharingGroupByDefault()
                || adaptive.isAllVerticesInSameSlotSharingGroupByDefault()).isFalse();
    }

    @Test
    void aBroadcastingJobOnTheDefaultSchedulerIsTranslatedAgainWithFlinksBatchDefaults() {
        TableConfig config = TableConfig.getDefault();
        config.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE);
        config.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
        List<String> translations = new ArrayList<>();

        StreamGraph graph = ShuffleModes.translate(config, () -> {
            translations.add(config.get(ExecutionOptions.BATCH_SHUFFLE_MODE) + " " + config.get(JobManagerOptions.SCHEDULER));
            return broadcasting(config);
        });

        assertThat(translations).containsExactly("ALL_EXCHANGES_HYBRID_SELECTIVE Default", "ALL_EXCHANGES_BLOCKING AdaptiveBatch");
        assertThat(graph.getGlobalStreamExchangeMode()).isEqualTo(GlobalStreamExchangeMode.ALL_EDGES_BLOCKING);
        // the session keeps its own settings
        assertThat(config.getConfiguration().toMap())
                .containsEntry(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), "ALL_EXCHANGES_HYBRID_SELECTIVE")
                .containsEntry(JobManagerOptions.SCHEDULER.key(), "Default");
    }

    @Test
    void aSettingTheSessionLeftUnsetIsUnsetAgainAfterTheSecondTranslation() {
        Configuration root = new Configuration();
        root.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
        TableConfig config = TableConfig.getDefault();
        config.setRootConfiguration(root);

        ShuffleModes.translate(config, () -> broadcasting(config));

        assertThat(config.getConfiguration().toMap())
                .doesNotContainKeys(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), JobManagerOptions.SCHEDULER.key());
    }

    @Test
    void jobsWithoutBroadcastOrOnTheAdaptiveSchedulerAreTranslatedOnce() {
        TableConfig onDefault = TableConfig.getDefault();
        onDefault.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
        TableConfig adaptive = TableConfig.getDefault();
        List<StreamGraph> translations = new ArrayList<>();

        ShuffleModes.translate(onDefault, () -> record(translations, graph(BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE, "Default", 2)));
        ShuffleModes.translate(adaptive, () -> record(translations, broadcasting(adaptive)));

        assertThat(translations.stream().map(ShuffleModes::hasBroadcast)).containsExactly(false, true);
    }

    private static StreamGraph record(List<StreamGraph> translations, StreamGraph graph) {
        translations.add(graph);
        return graph;
    }

    /** A job broadcasting to its sink, compiled with the shuffle mode and scheduler {@code config} has now. */
    private static StreamGraph broadcasting(TableConfig config) {
        Configuration configuration = new Configuration();
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        configuration.set(ExecutionOptions.BATCH_SHUFFLE_MODE, config.get(ExecutionOptions.BATCH_SHUFFLE_MODE));
        configuration.set(JobManagerOptions.SCHEDULER, config.get(JobManagerOptions.SCHEDULER));
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        environment.fromSequence(1, 100).setParallelism(2).broadcast()
                .map(value -> value * 2).setParallelism(2)
                .sinkTo(new DiscardingSink<>());
        return environment.getStreamGraph();
    }

    private static StreamGraph graph(BatchShuffleMode mode, String scheduler, int parallelism) {
        Configuration configuration = new Configuration();
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        configuration.set(ExecutionOptions.BATCH_SHUFFLE_MODE, mode);
        configuration.setString(JobManagerOptions.SCHEDULER.key(), scheduler);
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        environment.fromSequence(1, 100).setParallelism(parallelism).rebalance()
                .map(value -> value * 2).setParallelism(1)
                .sinkTo(new DiscardingSink<>());
        return environment.getStreamGraph();
    }
}
