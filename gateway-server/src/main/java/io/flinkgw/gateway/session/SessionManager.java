package io.flinkgw.gateway.session;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.catalog.SessionCatalogs;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.security.SqlSandbox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open Flink sessions, one per client connection. */
public final class SessionManager implements AutoCloseable {

    private final Map<String, String> defaults;
    private final SqlSandbox sandbox;
    private final SessionCatalogs catalogs;
    private final Map<String, FlinkSession> sessions = new ConcurrentHashMap<>();

    /**
     * Creates the manager; every session starts from {@code defaults}, is confined by {@code sandbox} and
     * shares {@code catalogs}.
     */
    public SessionManager(Map<String, String> defaults, SqlSandbox sandbox, SessionCatalogs catalogs) {
        this.defaults = Map.copyOf(requireNonNull(defaults, "defaults is null"));
        this.sandbox = requireNonNull(sandbox, "sandbox is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
    }

    /** Opens the session of a new connection; opening an id twice keeps the first session. */
    public FlinkSession open(String sessionId, String user) {
        return sessions.computeIfAbsent(sessionId, id -> FlinkSession.open(id, user, defaults, sandbox, catalogs));
    }

    /** The session of a connection. */
    public FlinkSession get(String sessionId) {
        FlinkSession session = sessions.get(sessionId);
        if (session == null) {
            throw new GatewayException(ErrorCode.CONNECTION_NOT_FOUND, "Connection " + sessionId + " is not open");
        }
        return session;
    }

    /** Closes a connection's session; closing an unknown one does nothing. */
    public void close(String sessionId) {
        FlinkSession session = sessions.remove(sessionId);
        if (session != null) {
            session.close();
        }
    }

    /** Sessions open now. */
    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        for (String id : List.copyOf(sessions.keySet())) {
            close(id);
        }
    }
}
