package io.flinkgw.gateway.result;

import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.OutputFormatOperatorFactory;

/** Names the cluster attempt a query's job runs in, so that each attempt writes its result apart. */
public final class ResultAttempts {

    private ResultAttempts() {}

    /**
     * Sets the attempt on the result sink of {@code graph}, before the graph is submitted.
     *
     * @param attempt a lowercase name of letters, digits and dashes, unique among the attempts of the query
     * @throws IllegalArgumentException if the name is not one, or the graph has no result sink, or several
     */
    public static void assign(StreamGraph graph, String attempt) {
        ResultFiles.checkAttempt(attempt);
        int sinks = 0;
        for (StreamNode node : graph.getStreamNodes()) {
            // the node keeps a copy of the format of its own, for the JobManager's commit (finalizeGlobal),
            // apart from the one inside the operator the task runs: both name the attempt
            boolean sink = assign(node.getOutputFormat(), attempt);
            if (node.getOperatorFactory() instanceof OutputFormatOperatorFactory<?, ?> factory) {
                sink |= assign(factory.getOutputFormat(), attempt);
            }
            sinks += sink ? 1 : 0;
        }
        if (sinks != 1) {
            throw new IllegalArgumentException("The job has " + sinks + " result sinks; a query's job has one");
        }
    }

    private static boolean assign(OutputFormat<?> format, String attempt) {
        if (format instanceof ResultOutputFormat result) {
            result.attempt(attempt);
            return true;
        }
        return false;
    }
}
