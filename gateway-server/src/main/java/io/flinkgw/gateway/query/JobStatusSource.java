package io.flinkgw.gateway.query;

import java.util.Optional;

/**
 * One place that can tell how a query's job is doing. Sources are chained: the live cluster first,
 * then what outlives it (YARN's report, the result's commit and failure records).
 */
public interface JobStatusSource {

    /** What this source knows of the query's job, or empty when it knows nothing. */
    Optional<ObservedStatus> observe(QueryRecord record);
}
