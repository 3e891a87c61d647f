package io.flinkgw.gateway.deploy;

import java.util.Map;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;

/**
 * The batch shuffle modes of sessions and of query clusters. Sessions compile their jobs with Flink's
 * batch default (blocking exchanges) unless they set another mode, and that mode is part of each job.
 * Every query cluster is set up for hybrid exchanges as well: a TaskManager has the tiered shuffle
 * storage they need only when its cluster's mode is hybrid, and a job compiled with them fails on any
 * other (a NullPointerException while its tasks are deployed).
 */
public final class ShuffleModes {

    private ShuffleModes() {}

    /** Pins the session default, Flink's blocking exchanges, unless the gateway's configuration sets a mode. */
    public static void addSessionDefault(Map<String, String> sessionDefaults) {
        sessionDefaults.putIfAbsent(ExecutionOptions.BATCH_SHUFFLE_MODE.key(), BatchShuffleMode.ALL_EXCHANGES_BLOCKING.name());
    }

    /**
     * Sets up a cluster's TaskManagers for hybrid exchanges. Jobs keep the mode they were compiled with:
     * sessions write it into each job's configuration.
     */
    public static void enableHybridOn(Configuration cluster) {
        cluster.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_HYBRID_SELECTIVE);
    }
}
