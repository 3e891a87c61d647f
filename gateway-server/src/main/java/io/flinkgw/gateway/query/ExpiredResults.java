package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.result.ResultStore;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the results and records of terminal queries once they are past their retention. */
public final class ExpiredResults {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredResults.class);

    private final JobStore jobStore;
    private final ResultStore resultStore;

    /** Creates the sweeper over the two stores. */
    public ExpiredResults(JobStore jobStore, ResultStore resultStore) {
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
    }

    /**
     * Removes the results and records of terminal queries that last changed before {@code cutoff};
     * returns how many were removed.
     */
    public int removeTerminalBefore(Instant cutoff) {
        requireNonNull(cutoff, "cutoff is null");
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
}
