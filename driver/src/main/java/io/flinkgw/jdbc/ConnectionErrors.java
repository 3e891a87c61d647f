package io.flinkgw.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;

/**
 * Gives transport failures (gateway down, connection refused, timeouts) a connection SQLState, which
 * Avatica leaves empty, so pools and tools can tell them from SQL errors.
 */
final class ConnectionErrors {

    private ConnectionErrors() {}

    /** {@code error} itself, or a connection error when a network failure caused it and it has no SQLState. */
    static SQLException classify(SQLException error, String sqlState) {
        if (rejectedCredentials(error)) {
            return SqlStates.rejectedCredentials(error);
        }
        String state = error.getSQLState();
        if (state != null && !state.isEmpty() && !state.equals(SqlStates.SUCCESS)) {
            return error;
        }
        if (!causedByNetwork(error)) {
            return error;
        }
        return SqlStates.connection("Cannot reach the flinkgw gateway: " + Redaction.text(rootMessage(error)), sqlState, error);
    }

    /** A runtime failure of the transport as a connection error. */
    static SQLException fromRuntime(RuntimeException error, String sqlState) {
        // a refusal the gateway answered (a connection cap: 53400) keeps its SQLState and code
        SQLException wrapped = error instanceof AvaticaClientRuntimeException remote
                ? new SQLException(error.getMessage(), remote.getSqlState(), remote.getErrorCode(), error)
                : new SQLException(error.getMessage(), null, error);
        SQLException classified = classify(wrapped, sqlState);
        return classified != wrapped || wrapped.getSQLState() != null
                ? classified
                : SqlStates.connection(error.getMessage(), sqlState, error);
    }

    /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
    static void closeIgnoringLostGateway(Closer close) throws SQLException {
        try {
            close.close();
        } catch (SQLException e) {
            if (!isConnectionError(classify(e, SqlStates.CONNECTION_FAILURE))) {
                throw e;
            }
        }
    }

    /** A close (or cancel) that may fail. */
    @FunctionalInterface
    interface Closer {
        void close() throws SQLException;
    }

    /** Whether {@code error} says the gateway could not be reached. */
    static boolean isConnectionError(SQLException error) {
        return SqlStates.isConnectionError(error);
    }

    /** Avatica reports a refused login only as "got HTTP/401" in a message. */
    private static boolean rejectedCredentials(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            String message = current.getMessage();
            if (message != null && (message.contains("HTTP/401") || message.contains("HTTP/403"))) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static boolean causedByNetwork(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof IOException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
