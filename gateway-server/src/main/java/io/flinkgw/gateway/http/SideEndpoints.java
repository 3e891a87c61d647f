package io.flinkgw.gateway.http;

import java.util.Optional;

/** The GET endpoints beside the Avatica protocol. */
public interface SideEndpoints {

    /** Whether the gateway can serve queries (for {@code GET /health}). */
    boolean healthy();

    /** A flat JSON object of gauges (heap, sessions, clusters) for {@code GET /metrics}. */
    String metricsJson();

    /** The per-job query id behind a statement's current result (for the driver's {@code getQueryId()}). */
    Optional<String> queryIdOf(String connectionId, int statementId);
}
