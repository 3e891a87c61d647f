package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the queries no runner of this gateway owns although their records are not terminal
 * (left by a previous gateway): follows their clusters again, or settles them from what outlives
 * the clusters; and tears down the clusters whose queries are over or unknown.
 */
final class QueryRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRecovery.class);

    private final JobStore jobStore;
    private final ClusterDeployer deployer;
    private final QueryOutcomes outcomes;
    private final QueryRunner runner;

    QueryRecovery(JobStore jobStore, ClusterDeployer deployer, QueryOutcomes outcomes, QueryRunner runner) {
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.deployer = requireNonNull(deployer, "deployer is null");
        this.outcomes = requireNonNull(outcomes, "outcomes is null");
        this.runner = requireNonNull(runner, "runner is null");
    }

    /**
     * Settles the queries a previous gateway left unfinished, from what outlives it: the commit marker,
     * the failure record, then (for clusters that die with the gateway) a failure.
     */
    void reconcile(JobStatusSource afterTeardown) {
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
        int orphans = deployer.killOrphans(runner::isActive);
        if (orphans > 0) {
            LOG.warn("Tore down {} clusters whose queries were over or unknown", orphans);
        }
    }

    /** Follows again, or settles, one unfinished query no runner owns; returns its record as it then is. */
    QueryRecord takeOver(JobStatusSource afterTeardown, QueryRecord record) {
        if (!recover(record)) {
            // no runner owns it any more, no cluster runs it, yet its record was never finished: settle it
            reconcile(afterTeardown, record);
            return jobStore.find(record.queryId()).orElse(record);
        }
        return record;
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
        if (runner.adopt(queryId, record.user(), job.get())) {
            LOG.info("Query {} left {} by a previous gateway is followed on cluster {}", queryId, record.state(), job.get().clusterId());
        }
        return true;
    }

    /** Settles one query no runner owns, from what outlives its cluster. */
    private void reconcile(JobStatusSource afterTeardown, QueryRecord record) {
        Optional<ObservedStatus> status = afterTeardown.observe(record);
        QueryState state = status.map(ObservedStatus::state).orElse(QueryState.FAILED);
        switch (state) {
            case FINISHED:
                outcomes.move(record.queryId(), QueryState.FINISHED,
                        QueryUpdate.finished(Long.parseLong(status.get().detail().orElse("0"))));
                break;
            case FAILED:
                outcomes.fail(record.queryId(), status.flatMap(ObservedStatus::detail)
                        .orElse("The gateway stopped while the query was running"));
                break;
            case CANCELED:
                outcomes.move(record.queryId(), QueryState.CANCELED, QueryUpdate.failed("Canceled"));
                break;
            case SUBMITTED:
            case RUNNING:
                break;
        }
        LOG.info("Reconciled query {} left {}: now {}", record.queryId(), record.state(), state);
    }
}
