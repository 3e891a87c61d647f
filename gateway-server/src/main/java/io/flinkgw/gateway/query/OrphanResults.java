package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.gateway.result.StoredResult;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes result directories that no job-store record names: left when a gateway died before its
 * record was durable, or when a purge removed the record but not the directory. Nothing could ever
 * read them, so they would only fill the disk.
 */
public final class OrphanResults {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanResults.class);

    private final JobStore jobStore;
    private final ResultStore resultStore;

    /** Creates the sweeper over the two stores. */
    public OrphanResults(JobStore jobStore, ResultStore resultStore) {
        this.jobStore = requireNonNull(jobStore, "jobStore is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
    }

    /**
     * Removes the record-less result directories unchanged since {@code cutoff}; a directory changed
     * later may belong to a query being submitted right now (its record is written first, but the
     * check and the listing are not one atomic step). Returns how many were removed.
     */
    public int removeUnchangedSince(Instant cutoff) throws IOException {
        requireNonNull(cutoff, "cutoff is null");
        int removed = 0;
        for (StoredResult result : resultStore.list()) {
            if (result.modifiedAt().isAfter(cutoff) || jobStore.find(result.queryId()).isPresent()) {
                continue;
            }
            resultStore.delete(result.queryId());
            removed++;
            LOG.info("Removed the result directory of query {}: no job-store record names it", result.queryId());
        }
        return removed;
    }
}
