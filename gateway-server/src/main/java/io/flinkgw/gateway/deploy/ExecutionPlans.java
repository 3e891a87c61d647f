package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.InstantiationUtil;

/**
 * The form in which a query reaches its cluster: the Flink {@link StreamGraph} the gateway's session
 * translated the query into, serialized with its user-defined objects (operators, generated code,
 * sources, the result sink), exactly as Flink's own clients submit it to a cluster. It carries
 * everything the job needs, so the cluster never sees the session's catalogs, temporary objects or
 * functions, and every batch query the planner can translate runs.
 */
public final class ExecutionPlans {

    private ExecutionPlans() {}

    /** Serializes a freshly translated graph (its user-defined objects first). */
    public static byte[] serialize(StreamGraph graph) throws IOException {
        requireNonNull(graph, "graph is null");
        graph.serializeUserDefinedInstances();
        return InstantiationUtil.serializeObject(graph);
    }

    /**
     * Restores a graph serialized by {@link #serialize}, ready to be submitted to a cluster over REST
     * (its user-defined objects stay in serialized form; the JobManager restores them).
     */
    public static StreamGraph deserialize(byte[] plan, ClassLoader classLoader) throws IOException {
        requireNonNull(plan, "plan is null");
        requireNonNull(classLoader, "classLoader is null");
        try {
            return InstantiationUtil.deserializeObject(plan, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("The query's plan needs a class this process does not have: " + e.getMessage(), e);
        }
    }

    /**
     * Restores a graph and its user-defined objects, ready to run in this process's own execution
     * environment (the application main on a YARN JobManager).
     */
    public static StreamGraph deserializeForExecution(byte[] plan, ClassLoader classLoader) throws Exception {
        StreamGraph graph = deserialize(plan, classLoader);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            graph.deserializeUserDefinedInstances(classLoader, executor);
        } finally {
            executor.shutdown();
        }
        return graph;
    }

    /** The Flink job id of a query: fixed, so that a restarted gateway can ask for it too. */
    public static JobID jobIdOf(String queryId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(queryId.getBytes(StandardCharsets.UTF_8));
            return new JobID(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is always available", e);
        }
    }
}
