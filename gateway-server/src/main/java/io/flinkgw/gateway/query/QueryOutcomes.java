package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultManifest;
import io.flinkgw.gateway.result.ResultStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes how queries ended: the failure record in the result directory, then the job store's record. */
final class QueryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(QueryOutcomes.class);

    private final JobStore jobStore;
    private final ResultStore resultStore;
    private final Clock clock;

    QueryOutcomes(JobStore jobStore, ResultStore resultStore, Clock clock) {
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Settles a query whose job succeeded: FINISHED with its manifest's row count, or failed without one. */
    void commit(String queryId) throws IOException {
        Optional<ResultManifest> manifest = resultStore.manifest(queryId);
        if (manifest.isEmpty()) {
            fail(queryId, "The job finished but its result was never committed");
            return;
        }
        move(queryId, QueryState.FINISHED, QueryUpdate.finished(manifest.get().rowCount()));
    }

    void fail(String queryId, String rootCause) {
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

    /**
     * Moves a query from whatever non-terminal state it is in; terminal queries stay as they are. A
     * query still SUBMITTED whose job is known to have finished passes through RUNNING: its job ran
     * although its record never said so (the gateway stopped between submitting it and recording it).
     */
    void move(String queryId, QueryState to, QueryUpdate update) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Optional<QueryRecord> record = jobStore.find(queryId);
            if (record.isEmpty() || record.get().state().isTerminal()) {
                return;
            }
            QueryState from = record.get().state();
            if (!from.canMoveTo(to)) {
                if (from == QueryState.SUBMITTED && QueryState.RUNNING.canMoveTo(to)) {
                    jobStore.transition(queryId, QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.none());
                    continue;
                }
                throw new IllegalStateException("Query " + queryId + " cannot move from " + from + " to " + to);
            }
            if (jobStore.transition(queryId, from, to, update)) {
                return;
            }
        }
        LOG.warn("Query {} did not move to {}: its record kept changing", queryId, to);
    }
}
