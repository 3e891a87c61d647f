package io.flinkgw.gateway.routing;

/** Where a statement runs. */
public enum Route {
    /** In the connection's Flink session (DDL, SET, USE, SHOW, DESCRIBE, EXPLAIN). */
    SESSION,
    /** As a batch job on a cluster of its own, its rows persisted and served from the result store. */
    PER_JOB_QUERY,
    /**
     * As a batch job on a cluster of its own that writes the user's tables, its row count persisted as a
     * one-row result: INSERT and statement sets, answered with an update count.
     */
    PER_JOB_UPDATE,
    /** From the result store only: a finished query's result read again by its id. */
    RESULT_SCAN,
    /** The session's catalogs, read for DatabaseMetaData (primary keys, functions). */
    METADATA,
    /** Nowhere: the statement is empty. */
    REJECT
}
