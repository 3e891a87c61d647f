package io.flinkgw.gateway.deploy.yarn;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultStore;
import java.time.Instant;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The main of a query's Flink application on YARN; it runs inside the application's JobManager. It
 * runs the query's job, stored in the result directory by the gateway, and returns only once the result is
 * committed. Any failure is written as the result's failure record first, because YARN keeps no
 * diagnostics for a failed Flink application, and then ends the application as FAILED.
 *
 * <p>Arguments: {@code <result store root> <query id>}.
 */
public final class QueryApplication {

    private QueryApplication() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: QueryApplication <result store root> <query id>");
        }
        ResultStore store = new ResultStore(args[0]);
        String queryId = args[1];
        try {
            run(store, queryId);
        } catch (Exception | Error e) {
            try {
                store.writeFailure(
                        queryId, new FailureRecord(RootCause.describe(e), RootCause.of(e).getClass().getName(), Instant.now()));
            } catch (Exception | Error recordFailure) {
                e.addSuppressed(recordFailure);
            }
            throw e;
        }
    }

    private static void run(ResultStore store, String queryId) throws Exception {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        StreamGraph graph = ExecutionPlans.deserializeForExecution(store.readPlan(queryId), classLoader);
        // The application's execution environment submits the job to this JobManager's dispatcher,
        // under the job id the gateway fixed for the query.
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
        environment.executeAsync(graph).getJobExecutionResult().get();
        if (store.manifest(queryId).isEmpty()) {
            throw new IllegalStateException("The job of query " + queryId + " finished but its result was never committed");
        }
    }
}
