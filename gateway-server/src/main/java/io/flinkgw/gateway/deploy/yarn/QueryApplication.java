package io.flinkgw.gateway.deploy.yarn;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.ShuffleModes;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultAttempts;
import io.flinkgw.gateway.result.ResultStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * The main of a query's Flink application on YARN; it runs inside the application's JobManager. It
 * runs the query's job, stored in the result directory by the gateway, and returns only once the result is
 * committed. Any failure is written as the result's failure record first, because YARN keeps no
 * diagnostics for a failed Flink application, and then ends the application as FAILED.
 *
 * <p>YARN reruns this main in a new application attempt when the JobManager is lost. Each attempt writes
 * its files under its own name ({@code attempt-N}, YARN's attempt number), so a rerun never touches what
 * an earlier attempt wrote; an attempt that finds the result already committed ends at once, successfully.
 *
 * <p>A warm application ({@link WarmApplications}) is started before its query exists: it waits for the
 * gateway to hand it one ({@link SpareWait}), runs it exactly as above, and ends; it ends without a query
 * once its gateway's lease goes stale.
 *
 * <p>Arguments: {@code <result store root> <query id>}, or for a warm application {@code <result store root>
 * --spare <spare id> <lease name> <seconds until the lease is stale>}.
 */
public final class QueryApplication {

    /** The argument that starts a warm application. */
    static final String SPARE = "--spare";
    /** How often the running job's result is looked for, to end a job whose result is complete early. */
    private static final Duration RESULT_POLL = Duration.ofMillis(200);

    private QueryApplication() {}

    public static void main(String[] args) throws Exception {
        ResultStore store;
        String queryId;
        if (args.length == 2) {
            store = new ResultStore(args[0]);
            queryId = args[1];
        } else if (args.length == 5 && args[1].equals(SPARE)) {
            store = new ResultStore(args[0]);
            SpareWait wait = new SpareWait(
                    new SpareClaims(store.root()), args[2], args[3], Duration.ofSeconds(Long.parseLong(args[4])));
            warmUp();
            Optional<String> claimed = wait.awaitQuery();
            if (claimed.isEmpty()) {
                return;
            }
            queryId = claimed.get();
        } else {
            throw new IllegalArgumentException("Usage: QueryApplication <result store root> <query id>"
                    + " | <result store root> " + SPARE + " <spare id> <lease name> <stale seconds>");
        }
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
        if (store.manifest(queryId).isPresent()) {
            // an earlier attempt committed, and its JobManager was lost before the application could end
            return;
        }
        // an earlier attempt's failure record is not this attempt's
        store.clearFailure(queryId);
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        StreamGraph graph = ExecutionPlans.deserializeForExecution(store.readPlan(queryId), classLoader);
        // a warm application was deployed before its query existed: the job takes the query's id here
        graph.setJobId(ExecutionPlans.jobIdOf(queryId));
        // the ResourceManager starts as many TaskManagers as the job's slots need
        ShuffleModes.shareSlotsOfHybridJob(graph, Integer.MAX_VALUE);
        ResultAttempts.assign(graph, attemptName(System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name())));
        // The application's execution environment submits the job to this JobManager's dispatcher,
        // under the job id the gateway fixed for the query. Outside an application (a rerun by hand, a
        // test) the environment is a cluster of its own, which must be set up for the job's exchanges.
        Configuration hybridReady = new Configuration();
        ShuffleModes.enableHybridOn(hybridReady);
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment(hybridReady);
        awaitResult(store, queryId, environment.executeAsync(graph));
        if (store.manifest(queryId).isEmpty()) {
            throw new IllegalStateException("The job of query " + queryId + " finished but its result was never committed");
        }
    }

    /**
     * Runs a throwaway job on this cluster before the spare waits for its query: it gets the TaskManager's
     * slot offered and loads and compiles the classes a job goes through, so the query's job does not pay
     * for it. A warm-up that fails costs only its time.
     */
    private static void warmUp() {
        try {
            StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment();
            environment.fromSequence(1, 1_000).filter(value -> value % 7 == 0).sinkTo(new DiscardingSink<>());
            environment.executeAsync("flinkgw spare warm-up").getJobExecutionResult().get();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.err.println("The spare's warm-up job failed: " + RootCause.describe(e));
        }
    }

    /**
     * Waits for the job to end or its result to be committed, whichever comes first: a result sink that
     * holds all the rows the query asks for (maxRows, a top-level LIMIT) commits early, and the rest of
     * the job is cancelled, the application ending as it does when the job finishes.
     */
    static void awaitResult(ResultStore store, String queryId, JobClient job) throws Exception {
        while (true) {
            try {
                job.getJobExecutionResult().get(RESULT_POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (store.committedEarly(queryId)) {
                    return; // it failed or was cancelled after its result was complete: the result stands
                }
                throw e;
            } catch (TimeoutException e) {
                if (store.committedEarly(queryId)) {
                    job.cancel().get();
                    return;
                }
            }
        }
    }

    /** {@code attempt-N}, N being the YARN application attempt of the container; a random name outside YARN. */
    static String attemptName(String containerId) {
        if (containerId == null || containerId.isBlank()) {
            return "attempt-x" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        }
        return "attempt-" + ContainerId.fromString(containerId).getApplicationAttemptId().getAttemptId();
    }
}
