package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.session.CompiledQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queries this gateway owns: deploys each admitted query on its cluster, follows its job to
 * its end and settles its record, and cancels it on request. Each query's {@link RunnerState} is
 * moved by compare-and-set, so a cancel and the runner never both settle one query.
 */
final class QueryRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRunner.class);

    private final JobStore jobStore;
    private final ClusterDeployer deployer;
    private final QueryOutcomes outcomes;
    private final QueryAdmission admission;
    private final ExecutorService runners;
    private final Map<String, ActiveQuery> active = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    QueryRunner(JobStore jobStore, ClusterDeployer deployer, QueryOutcomes outcomes, QueryAdmission admission, int maxRunningQueries) {
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.deployer = requireNonNull(deployer, "deployer is null");
        this.outcomes = requireNonNull(outcomes, "outcomes is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.runners =
                Executors.newFixedThreadPool(
                        maxRunningQueries,
                        runnable -> {
                            Thread thread = new Thread(runnable, "flinkgw-query-runner");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /** Gives a new query of {@code user} its place in the admission (refused when the queue is full). */
    ActiveQuery register(String queryId, String user) {
        ActiveQuery query = ActiveQuery.queued(admission.enter(user));
        active.put(queryId, query);
        return query;
    }

    /** Takes out a registered query that was never recorded. */
    void unregister(String queryId, ActiveQuery query) {
        active.remove(queryId, query);
        admission.leave(query.ticket());
    }

    /** Runs the query once the admission gives it a running slot. */
    void startWhenAdmitted(String queryId, ActiveQuery query, CompiledQuery compiled) {
        admission.ready(query.ticket(), () -> start(queryId, query, () -> run(queryId, compiled, query)));
    }

    /** Hands an admitted query to a runner; called by the admission once the query has a running slot. */
    private void start(String queryId, ActiveQuery query, Runnable run) {
        try {
            runners.execute(run);
        } catch (RejectedExecutionException e) {
            if (query.moveTo(RunnerState.QUEUED, RunnerState.DEPLOYING)) {
                outcomes.fail(queryId, "The gateway stopped before the query started");
                finish(queryId, query);
            }
        }
    }

    private void run(String queryId, CompiledQuery compiled, ActiveQuery query) {
        if (!query.moveTo(RunnerState.QUEUED, RunnerState.DEPLOYING)) {
            return; // cancelled while it waited in the queue; cancel() has settled it
        }
        DeployedJob job;
        try {
            job = deployer.deploy(new QueryDeployment(queryId, compiled.executionPlan(), compiled.configuration()));
            query.deployed(job);
            jobStore.transition(
                    queryId, QueryState.SUBMITTED, QueryState.RUNNING,
                    QueryUpdate.deployed(job.jobId(), job.clusterId(), compiled.rowType().asSerializableString()));
        } catch (Exception | Error e) {
            if (query.state().isCancelRequested()) {
                outcomes.move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled during its deployment"));
            } else {
                LOG.warn("Query {} could not be deployed", queryId, e);
                outcomes.fail(queryId, describe(e));
            }
            query.job().ifPresent(DeployedJob::cancel);
            finish(queryId, query);
            return;
        }
        follow(queryId, query, job);
    }

    /** Waits for a deployed job to end and settles its record; no cluster outlives this. */
    private void follow(String queryId, ActiveQuery query, DeployedJob job) {
        try {
            if (query.state().isCancelRequested()) {
                job.cancel();
            }
            Throwable failure = null;
            while (true) {
                try {
                    job.completion().get(1, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                    break;
                } catch (TimeoutException e) {
                    if (leavesClustersRunning()) {
                        return; // the next gateway follows the query (finally leaves the cluster alone)
                    }
                }
            }
            if (failure == null) {
                outcomes.commit(queryId);
            } else if (query.state().isCancelRequested()) {
                outcomes.move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled"));
            } else {
                outcomes.fail(queryId, describe(failure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!leavesClustersRunning()) {
                outcomes.fail(queryId, "The gateway stopped while the query was running");
            }
        } catch (Exception | Error e) {
            LOG.warn("Query {} failed", queryId, e);
            outcomes.fail(queryId, RootCause.describe(e));
        } finally {
            // whatever went wrong above, no cluster outlives its query (unless the next gateway follows it)
            if (!job.completion().isDone() && !leavesClustersRunning()) {
                job.cancel();
            }
            finish(queryId, query);
        }
    }

    /**
     * Follows the job of a query a previous gateway left running, in a running slot of its own.
     *
     * @return false when this gateway already runs the query
     */
    boolean adopt(String queryId, String user, DeployedJob job) {
        ActiveQuery query = ActiveQuery.running(admission.occupy(user), job);
        if (active.putIfAbsent(queryId, query) != null) {
            admission.leave(query.ticket());
            return false;
        }
        runners.execute(() -> follow(queryId, query, job));
        return true;
    }

    /**
     * Cancels a query this gateway runs: settled at once while it waits in the queue, else its job is
     * cancelled (now, or once its deployment returns it).
     *
     * @return whether the query was still running
     */
    boolean cancel(String queryId) {
        ActiveQuery query = active.get(queryId);
        if (query == null) {
            return false;
        }
        if (query.moveTo(RunnerState.QUEUED, RunnerState.CANCELED)) {
            // still queued: settle it now, so it frees its place at once
            outcomes.move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled before it started"));
            finish(queryId, query);
            return true;
        }
        if (leavesClustersRunning()) {
            return false; // the gateway is stopping, not the client: the next gateway follows the query
        }
        if (!query.moveTo(RunnerState.DEPLOYING, RunnerState.DEPLOYING_CANCEL_REQUESTED)) {
            query.moveTo(RunnerState.RUNNING, RunnerState.RUNNING_CANCEL_REQUESTED);
        }
        Optional<DeployedJob> job = query.job();
        if (job.isPresent()) {
            job.get().cancel();
        } else {
            deployer.abort(queryId); // run() cancels the job once the deployment returns it
        }
        return true;
    }

    /** The job of a running query, while its cluster lives. */
    Optional<DeployedJob> liveJob(String queryId) {
        return Optional.ofNullable(active.get(queryId)).flatMap(ActiveQuery::job);
    }

    /** The query, while this gateway runs it. */
    Optional<ActiveQuery> find(String queryId) {
        return Optional.ofNullable(active.get(queryId));
    }

    /** Whether this gateway runs the query. */
    boolean isActive(String queryId) {
        return active.containsKey(queryId);
    }

    /** Takes a query out once its runner is done with it, freeing its running slot. */
    void finish(String queryId, ActiveQuery query) {
        query.end();
        active.remove(queryId, query);
        query.done().complete(null);
        admission.leave(query.ticket());
    }

    /** Whether the gateway is stopping and its clusters run on, to be followed by the next gateway. */
    private boolean leavesClustersRunning() {
        return stopping && deployer.clustersOutliveGateway();
    }

    /** A failure in one line: as stated when already stated, else its root cause. */
    private static String describe(Throwable failure) {
        return failure instanceof JobFailedException ? failure.getMessage() : RootCause.describe(failure);
    }

    /** From now on, queries whose clusters outlive the gateway are left running. */
    void beginShutdown() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        for (String queryId : List.copyOf(active.keySet())) {
            cancel(queryId);
        }
        if (deployer.clustersOutliveGateway()) {
            runners.shutdownNow(); // followers stop following; the next gateway takes over
        }
        runners.shutdown();
        try {
            if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
                runners.shutdownNow();
            }
        } catch (InterruptedException e) {
            runners.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
