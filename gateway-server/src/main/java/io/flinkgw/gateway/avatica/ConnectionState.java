package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.session.FlinkSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;

/** What the gateway holds for one client connection: its session, properties and statements. */
final class ConnectionState {
    final FlinkSession session;
    final ConnectionPropertiesImpl properties = new ConnectionPropertiesImpl(true, false, java.sql.Connection.TRANSACTION_NONE, null, null);
    final Map<Integer, StatementState> statements = new ConcurrentHashMap<>();
    volatile long lastUsed = System.nanoTime();
    /** Requests of this connection being served now: a connection inside a long request is not idle. */
    final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    ConnectionState(FlinkSession session) {
        this.session = requireNonNull(session, "session is null");
    }
}
