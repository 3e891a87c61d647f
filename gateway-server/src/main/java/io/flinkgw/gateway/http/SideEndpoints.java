package io.flinkgw.gateway.http;

import java.util.Optional;

/** The GET endpoints beside the Avatica protocol. */
public interface SideEndpoints {

    /** Whether the gateway can serve queries (for {@code GET /health}). */
    boolean healthy();

    /** A flat JSON object of gauges (heap, sessions, clusters) for {@code GET /metrics}. */
    String metricsJson();

    /**
     * The status of a query as a flat JSON object (state, where the state was learned, error), or
     * empty when no such query exists.
     */
    Optional<String> queryStatusJson(String queryId);

    /**
     * A frame of a statement's result in the driver's binary encoding.
     *
     * @throws org.apache.calcite.avatica.remote.AvaticaRuntimeException with the SQLState of the failure
     */
    byte[] fetchBinary(String connectionId, int statementId, long offset, int maxRows);

    /** Records the SQL types of a prepared statement's null parameters (0-based index to java.sql.Types). */
    void declareNullTypes(String connectionId, int statementId, java.util.Map<Integer, Integer> types);

    /** Cancels the query behind a statement's current result; whether one was running. */
    boolean cancel(String connectionId, int statementId);

    /** The per-job query id behind a statement's current result (for the driver's {@code getQueryId()}). */
    Optional<String> queryIdOf(String connectionId, int statementId);
}
