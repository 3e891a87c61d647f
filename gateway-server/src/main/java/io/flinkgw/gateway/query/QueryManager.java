package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.monitor.JobStatusSource;
import io.flinkgw.gateway.monitor.ObservedStatus;
import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultManifest;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.gateway.session.CompiledQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * Runs per-job queries from submission to a terminal state, keeping the job store and the result
 * directory the single truth about each one, so that a gateway restart loses nothing.
 */
public final class QueryManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryManager.class);

    private final JobStore jobStore;
    private final ResultStore resultStore;
    private final ClusterDeployer deployer;
    private final Clock clock;
    private final QueryIds queryIds = new QueryIds();
    private final ExecutorService runners;
    private final Map<String, ActiveQuery> active = new ConcurrentHashMap<>();
    private final QueryAdmission admission;
    private volatile boolean stopping;

    /**
     * Creates the manager: at most {@code maxRunningQueries} clusters run at once and at most
     * {@code maxQueriesPerUser} of one user; other queries wait their turn in a queue of up to
     * {@code maxQueuedQueries} ({@link QueryAdmission}), and only a full queue refuses a query.
     */
    public QueryManager(
            JobStore jobStore, ResultStore resultStore, ClusterDeployer deployer, int maxRunningQueries,
            int maxQueuedQueries, int maxQueriesPerUser, Clock clock) {
        this.admission = new QueryAdmission(maxRunningQueries, maxQueuedQueries, maxQueriesPerUser);
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        this.deployer = requireNonNull(deployer, "deployer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runners =
                Executors.newFixedThreadPool(
                        maxRunningQueries,
                        runnable -> {
                            Thread thread = new Thread(runnable, "flinkgw-query-runner");
                            thread.setDaemon(true);
                            return thread;
                        });
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
        return Optional.ofNullable(active.get(queryId)).map(query -> query.job);
    }

    /**
     * Records a compiled query and starts it on its own cluster, or queues it until its turn
     * ({@link QueryAdmission}); returns at once.
     */
    public void submit(String queryId, String user, String sql, CompiledQuery compiled) {
        String location = resultDirectory(queryId);
        ActiveQuery query = new ActiveQuery(user, admission.enter(user));
        active.put(queryId, query);
        try {
            jobStore.insert(QueryRecord.submitted(queryId, user, sql, location, compiled.rowType().asSerializableString(), clock.instant()));
        } catch (RuntimeException e) {
            active.remove(queryId, query);
            admission.leave(query.ticket);
            throw e;
        }
        try {
            resultStore.writePlan(queryId, compiled.executionPlan());
            admission.ready(query.ticket, () -> start(queryId, query, () -> run(queryId, compiled, query)));
        } catch (IOException | RuntimeException e) {
            fail(queryId, RootCause.describe(e));
            finish(queryId, query);
            throw new GatewayException(ErrorCode.RESOURCE_UNAVAILABLE, "Could not start query " + queryId + ": " + RootCause.describe(e), e);
        }
    }

    /** Hands an admitted query to a runner; called by the admission once the query has a running slot. */
    private void start(String queryId, ActiveQuery query, Runnable run) {
        try {
            runners.execute(run);
        } catch (RejectedExecutionException e) {
            if (query.started.compareAndSet(false, true)) {
                fail(queryId, "The gateway stopped before the query started");
                finish(queryId, query);
            }
        }
    }

    private void run(String queryId, CompiledQuery compiled, ActiveQuery query) {
        if (!query.started.compareAndSet(false, true)) {
            return; // cancelled while it waited in the queue; cancel() has settled it
        }
        DeployedJob job;
        try {
            job = deployer.deploy(new QueryDeployment(queryId, compiled.executionPlan(), compiled.configuration()));
            query.job = job;
            jobStore.transition(
                    queryId, QueryState.SUBMITTED, QueryState.RUNNING,
                    QueryUpdate.deployed(job.jobId(), job.clusterId(), compiled.rowType().asSerializableString()));
        } catch (Exception | Error e) {
            if (query.cancelRequested) {
                move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled during its deployment"));
            } else {
                LOG.warn("Query {} could not be deployed", queryId, e);
                fail(queryId, describe(e));
            }
            DeployedJob deployed = query.job;
            if (deployed != null) {
                deployed.cancel();
            }
            finish(queryId, query);
            return;
        }
        follow(queryId, query, job);
    }

    /** Waits for a deployed job to end and settles its record; no cluster outlives this. */
    private void follow(String queryId, ActiveQuery query, DeployedJob job) {
        try {
            if (query.cancelRequested) {
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
                commit(queryId);
            } else if (query.cancelRequested) {
                move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled"));
            } else {
                fail(queryId, describe(failure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!leavesClustersRunning()) {
                fail(queryId, "The gateway stopped while the query was running");
            }
        } catch (Exception | Error e) {
            LOG.warn("Query {} failed", queryId, e);
            fail(queryId, RootCause.describe(e));
        } finally {
            // whatever went wrong above, no cluster outlives its query (unless the next gateway follows it)
            if (!job.completion().isDone() && !leavesClustersRunning()) {
                job.cancel();
            }
            finish(queryId, query);
        }
    }

    /** Whether the gateway is stopping and its clusters run on, to be followed by the next gateway. */
    private boolean leavesClustersRunning() {
        return stopping && deployer.clustersOutliveGateway();
    }

    /** A failure in one line: as stated when already stated, else its root cause. */
    private static String describe(Throwable failure) {
        return failure instanceof JobFailedException ? failure.getMessage() : RootCause.describe(failure);
    }

    private void commit(String queryId) throws IOException {
        Optional<ResultManifest> manifest = resultStore.manifest(queryId);
        if (manifest.isEmpty()) {
            fail(queryId, "The job finished but its result was never committed");
            return;
        }
        move(queryId, QueryState.FINISHED, QueryUpdate.finished(manifest.get().rowCount()));
    }

    private void fail(String queryId, String rootCause) {
        try {
            resultStore.writeFailure(queryId, new FailureRecord(rootCause, "", clock.instant()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the failure record of query {}", queryId, e);
        }
        try {
            move(queryId, QueryState.FAILED, QueryUpdate.failed(rootCause));
        } catch (RuntimeException e) {
            // the failure record stands; await() settles the record when the job store is back
            LOG.warn("Could not record the failure of query {}", queryId, e);
        }
    }

    /** Moves a query from whatever non-terminal state it is in; terminal queries stay as they are. */
    private void move(String queryId, QueryState to, QueryUpdate update) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<QueryRecord> record = jobStore.find(queryId);
            if (record.isEmpty() || record.get().state().isTerminal()) {
                return;
            }
            QueryState from = record.get().state();
            if (!from.canMoveTo(to)) {
                return;
            }
            if (jobStore.transition(queryId, from, to, update)) {
                return;
            }
        }
    }

    private void finish(String queryId, ActiveQuery query) {
        active.remove(queryId, query);
        query.done.complete(null);
        admission.leave(query.ticket);
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
        ActiveQuery query = active.get(queryId);
        if (query != null) {
            try {
                query.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: the caller answers with an empty frame and asks again
            } catch (ExecutionException e) {
                throw new AssertionError("done never completes exceptionally", e);
            }
        }
        QueryRecord record = jobStore.find(queryId)
                .orElseThrow(() -> new GatewayException(ErrorCode.QUERY_NOT_FOUND, "Query " + queryId + " does not exist"));
        if (query == null && !record.state().isTerminal() && !active.containsKey(queryId) && !recover(record)) {
            // no runner owns it any more, no cluster runs it, yet its record was never finished: settle it
            reconcile(new io.flinkgw.gateway.monitor.ResultMarkerStatusSource(resultStore), record);
            record = jobStore.find(queryId).orElse(record);
        }
        return record;
    }

    /**
     * Cancels a query that is not yet terminal: its job is cancelled and its cluster torn down.
     *
     * @return whether the query was still running
     */
    public boolean cancel(String queryId) {
        ActiveQuery query = active.get(queryId);
        if (query == null) {
            return false;
        }
        if (query.started.compareAndSet(false, true)) {
            // still queued: settle it now, so it frees its place at once
            query.cancelRequested = true;
            move(queryId, QueryState.CANCELED, QueryUpdate.failed("Canceled before it started"));
            finish(queryId, query);
            return true;
        }
        if (leavesClustersRunning()) {
            return false; // the gateway is stopping, not the client: the next gateway follows the query
        }
        query.cancelRequested = true;
        DeployedJob job = query.job;
        if (job != null) {
            job.cancel();
        } else {
            deployer.abort(queryId); // run() cancels the job once the deployment returns it
        }
        return true;
    }

    /**
     * Settles the queries a previous gateway left unfinished, from what outlives it: the commit marker,
     * the failure record, then (for clusters that die with the gateway) a failure.
     */
    public void reconcile(JobStatusSource afterTeardown) {
        List<QueryRecord> unfinished = jobStore.findByStates(EnumSet.of(QueryState.SUBMITTED, QueryState.RUNNING));
        for (QueryRecord record : unfinished) {
            try {
                if (!recover(record)) {
                    reconcile(afterTeardown, record);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not reconcile query {}; it is tried again when asked for", record.queryId(), e);
            }
        }
        int orphans = deployer.killOrphans(active::containsKey);
        if (orphans > 0) {
            LOG.warn("Tore down {} clusters whose queries were over or unknown", orphans);
        }
    }

    /**
     * Follows again the cluster of an unfinished query no runner owns (left by a previous gateway).
     *
     * @return false when no cluster runs it; true when it is followed, or when the cluster manager cannot
     *     be asked now (the query is left as it is and tried again when asked for)
     */
    private boolean recover(QueryRecord record) {
        String queryId = record.queryId();
        Optional<DeployedJob> job;
        try {
            job = deployer.reattach(queryId, record.clusterId());
        } catch (Exception e) {
            LOG.warn("Could not look for the cluster of query {}; it is tried again when asked for", queryId, e);
            return true;
        }
        if (job.isEmpty()) {
            return false;
        }
        if (record.state() == QueryState.SUBMITTED) {
            jobStore.transition(
                    queryId, QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.attached(job.get().jobId(), job.get().clusterId()));
        }
        ActiveQuery query = new ActiveQuery(record.user(), admission.occupy(record.user()));
        query.started.set(true);
        query.job = job.get();
        if (active.putIfAbsent(queryId, query) == null) {
            LOG.info("Query {} left {} by a previous gateway is followed on cluster {}", queryId, record.state(), job.get().clusterId());
            runners.execute(() -> follow(queryId, query, job.get()));
        } else {
            admission.leave(query.ticket);
        }
        return true;
    }

    /**
     * Removes the results and records of terminal queries that last changed before {@code cutoff};
     * returns how many were removed.
     */
    public int purgeBefore(java.time.Instant cutoff) {
        int removed = 0;
        for (QueryRecord record : jobStore.findTerminalBefore(cutoff)) {
            try {
                resultStore.delete(record.queryId());
                jobStore.delete(record.queryId());
                removed++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not remove the expired result of query {}", record.queryId(), e);
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} expired results", removed);
        }
        return removed;
    }

    /** Settles one query no runner owns, from what outlives its cluster. */
    private void reconcile(JobStatusSource afterTeardown, QueryRecord record) {
        Optional<ObservedStatus> status = afterTeardown.observe(record);
        QueryState state = status.map(ObservedStatus::state).orElse(QueryState.FAILED);
        switch (state) {
            case FINISHED:
                move(record.queryId(), QueryState.FINISHED,
                        QueryUpdate.finished(Long.parseLong(status.get().detail().orElse("0"))));
                break;
            case FAILED:
                fail(record.queryId(), status.flatMap(ObservedStatus::detail)
                        .orElse("The gateway stopped while the query was running"));
                break;
            case CANCELED:
                move(record.queryId(), QueryState.CANCELED, QueryUpdate.failed("Canceled"));
                break;
            case SUBMITTED:
            case RUNNING:
                break;
        }
        LOG.info("Reconciled query {} left {}: now {}", record.queryId(), record.state(), state);
    }

    /**
     * Tells the manager the gateway is stopping: from now on, queries whose clusters outlive the
     * gateway are left running (their connections closing does not cancel them).
     */
    public void beginShutdown() {
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

    private static final class ActiveQuery {
        final String user;
        final QueryAdmission.Ticket ticket;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

        ActiveQuery(String user, QueryAdmission.Ticket ticket) {
            this.user = requireNonNull(user, "user is null");
            this.ticket = requireNonNull(ticket, "ticket is null");
        }

        volatile DeployedJob job;
        volatile boolean cancelRequested;
    }
}
