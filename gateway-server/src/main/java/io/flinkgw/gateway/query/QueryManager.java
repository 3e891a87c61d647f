package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.gateway.session.CompiledQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs per-job queries from submission to a terminal state, keeping the job store and the result
 * directory the single truth about each one, so that a gateway restart loses nothing.
 *
 * <p>The entry point of the {@code query} package: admission is {@link QueryAdmission}'s, running and
 * cancelling {@code QueryRunner}'s, outcome writes {@code QueryOutcomes}', and taking over what a
 * previous gateway left {@code QueryRecovery}'s.
 */
public final class QueryManager implements AutoCloseable {

    private final JobStore jobStore;
    private final ResultStore resultStore;
    private final JobStatusSource afterTeardown;
    private final Clock clock;
    private final QueryIds queryIds = new QueryIds();
    private final QueryOutcomes outcomes;
    private final QueryRunner runner;
    private final QueryRecovery recovery;

    /**
     * Creates the manager: at most {@code maxRunningQueries} clusters run at once and at most
     * {@code maxQueriesPerUser} of one user; other queries wait their turn in a queue of up to
     * {@code maxQueuedQueries} ({@link QueryAdmission}), and only a full queue refuses a query.
     * Queries no cluster runs any more are settled from what {@code afterTeardown} says.
     */
    public QueryManager(
            JobStore jobStore, ResultStore resultStore, ClusterDeployer deployer, JobStatusSource afterTeardown,
            int maxRunningQueries, int maxQueuedQueries, int maxQueriesPerUser, Clock clock) {
        QueryAdmission admission = new QueryAdmission(maxRunningQueries, maxQueuedQueries, maxQueriesPerUser);
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        requireNonNull(deployer, "deployer is null");
        this.afterTeardown = requireNonNull(afterTeardown, "afterTeardown is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.outcomes = new QueryOutcomes(jobStore, resultStore, clock);
        this.runner = new QueryRunner(jobStore, deployer, outcomes, admission, maxRunningQueries);
        this.recovery = new QueryRecovery(jobStore, deployer, outcomes, runner);
    }

    /** A fresh, unguessable query id. */
    public String newQueryId() {
        return queryIds.next();
    }

    /** Where the result of {@code queryId} is written. */
    public String resultDirectory(String queryId) {
        return resultStore.directoryFor(queryId).toString();
    }

    /** The result store. */
    public ResultStore resultStore() {
        return resultStore;
    }

    /** The job of a running query, while its cluster lives. */
    public Optional<DeployedJob> liveJob(String queryId) {
        return runner.liveJob(queryId);
    }

    /**
     * Records a compiled query and starts it on its own cluster, or queues it until its turn
     * ({@link QueryAdmission}); returns at once.
     */
    public void submit(String queryId, String user, String sql, CompiledQuery compiled) {
        String location = resultDirectory(queryId);
        ActiveQuery query = runner.register(queryId, user);
        try {
            jobStore.insert(QueryRecord.submitted(queryId, user, sql, location, compiled.rowType().asSerializableString(), clock.instant()));
        } catch (RuntimeException e) {
            runner.unregister(queryId, query);
            throw e;
        }
        try {
            resultStore.writePlan(queryId, compiled.executionPlan());
            runner.startWhenAdmitted(queryId, query, compiled);
        } catch (IOException | RuntimeException e) {
            outcomes.fail(queryId, RootCause.describe(e));
            runner.finish(queryId, query);
            throw new GatewayException(ErrorCode.RESOURCE_UNAVAILABLE, "Could not start query " + queryId + ": " + RootCause.describe(e), e);
        }
    }

    /** The record of a query. */
    public Optional<QueryRecord> find(String queryId) {
        return jobStore.find(queryId);
    }

    /**
     * Waits up to {@code timeout} for the query to reach a terminal state and returns its record as
     * it then is (terminal or not).
     */
    public QueryRecord await(String queryId, Duration timeout) throws InterruptedException {
        Optional<ActiveQuery> query = runner.find(queryId);
        if (query.isPresent()) {
            try {
                query.get().done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: the caller answers with an empty frame and asks again
            } catch (ExecutionException e) {
                throw new AssertionError("done never completes exceptionally", e);
            }
        }
        QueryRecord record = jobStore.find(queryId)
                .orElseThrow(() -> new GatewayException(ErrorCode.QUERY_NOT_FOUND, "Query " + queryId + " does not exist"));
        if (query.isEmpty() && !record.state().isTerminal() && !runner.isActive(queryId)) {
            return recovery.takeOver(afterTeardown, record);
        }
        return record;
    }

    /**
     * Cancels a query that is not yet terminal: its job is cancelled and its cluster torn down.
     *
     * @return whether the query was still running
     */
    public boolean cancel(String queryId) {
        return runner.cancel(queryId);
    }

    /**
     * Settles the queries a previous gateway left unfinished, from what outlives it: their clusters,
     * followed again, else the commit marker, the failure record, then (for clusters that die with
     * the gateway) a failure. Tears down the clusters whose queries are over or unknown.
     */
    public void reconcile() {
        recovery.reconcile(afterTeardown);
    }

    /**
     * Tells the manager the gateway is stopping: from now on, queries whose clusters outlive the
     * gateway are left running (their connections closing does not cancel them).
     */
    public void beginShutdown() {
        runner.beginShutdown();
    }

    @Override
    public void close() {
        runner.close();
    }
}
