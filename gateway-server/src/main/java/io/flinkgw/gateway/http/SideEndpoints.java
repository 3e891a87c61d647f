package io.flinkgw.gateway.http;

import io.flinkgw.protocol.ParameterDeclaration;
import java.util.Optional;

/** The endpoints beside the Avatica protocol ({@link io.flinkgw.protocol.SidePaths}). */
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

    /** Records what the driver declares about a prepared statement's next execution. */
    void declareParameters(String connectionId, int statementId, ParameterDeclaration declaration);

    /** Cancels the query behind a statement's current result; whether one was running. */
    boolean cancel(String connectionId, int statementId);

    /** The per-job query id behind a statement's current result (for the driver's {@code getQueryId()}). */
    Optional<String> queryIdOf(String connectionId, int statementId);
}
