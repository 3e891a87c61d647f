package io.flinkgw.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;

/**
 * What flinkgw adds to every statement, plain or prepared: the query id, a cancel that reaches the
 * cluster, a query timeout enforced by that cancel, and SQLStates for transport failures.
 */
final class StatementSupport {

    private final AvaticaStatement statement;
    private final AvaticaConnection connection;
    private final ScheduledExecutorService timers;
    private volatile boolean timedOut;
    private ScheduledFuture<?> timeout;

    StatementSupport(AvaticaStatement statement, AvaticaConnection connection, ScheduledExecutorService timers) {
        this.statement = requireNonNull(statement, "statement is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.timers = requireNonNull(timers, "timers is null");
    }

    /** A statement execution: arms the query timeout and classifies failures. */
    <T> T execute(Execution<T> execution) throws SQLException {
        armTimeout();
        try {
            return execution.run();
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** A failure as the application should see it: a timeout, a connection error, or itself. */
    SQLException translate(SQLException error) {
        if (timedOut && SqlStates.QUERY_CANCELED.equals(error.getSQLState())) {
            return SqlStates.timedOut("Query timed out after " + safeTimeout() + " s and was cancelled", error.getErrorCode(), error);
        }
        return ConnectionErrors.classify(error, SqlStates.CONNECTION_FAILURE);
    }

    String queryId() throws SQLException {
        return GatewayCalls.queryId(connection, statement.handle);
    }

    /** Cancels on the gateway; whether a query was running there. */
    boolean cancelOnGateway() throws SQLException {
        return GatewayCalls.cancel(connection, statement.handle);
    }

    /** Cancels on the gateway, or, when no query runs there, the client side ({@code clientCancel}). */
    void cancel(ConnectionErrors.Closer clientCancel) throws SQLException {
        if (!cancelOnGateway()) {
            clientCancel.close();
        }
    }

    /** Ends the statement's timeout and closes it ({@code close}); a gateway that is gone is no error. */
    void close(ConnectionErrors.Closer close) throws SQLException {
        disarmTimeout();
        ConnectionErrors.closeIgnoringLostGateway(close);
    }

    private synchronized void armTimeout() throws SQLException {
        disarmTimeout();
        timedOut = false;
        int seconds = statement.getQueryTimeout();
        if (seconds > 0) {
            timeout = timers.schedule(this::expire, seconds, TimeUnit.SECONDS);
        }
    }

    private synchronized void disarmTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void expire() {
        timedOut = true;
        try {
            cancelOnGateway();
        } catch (SQLException e) {
            // the gateway is unreachable: the next call on the statement reports it
        }
    }

    private int safeTimeout() {
        try {
            return statement.getQueryTimeout();
        } catch (SQLException e) {
            return 0;
        }
    }

    /** A call on the statement. */
    @FunctionalInterface
    interface Execution<T> {
        T run() throws SQLException;
    }

    /** A statement that has this support. */
    interface Supported {
        StatementSupport support();
    }
}
