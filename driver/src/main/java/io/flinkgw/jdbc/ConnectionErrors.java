package io.flinkgw.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
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
            return new SQLInvalidAuthorizationSpecException(
                    "The gateway rejected the credentials: wrong or missing user or password", "28000", error);
        }
        String state = error.getSQLState();
        if (state != null && !state.isEmpty() && !state.equals("00000")) {
            return error;
        }
        if (!causedByNetwork(error)) {
            return error;
        }
        String message = "Cannot reach the flinkgw gateway: " + Redaction.text(rootMessage(error));
        return sqlState.equals("08001")
                ? new SQLNonTransientConnectionException(message, sqlState, error)
                : new SQLTransientConnectionException(message, sqlState, error);
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
                : new SQLException(error.getMessage(), sqlState, error);
    }

    /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
    static void closeIgnoringLostGateway(Closer close) throws SQLException {
        try {
            close.close();
        } catch (SQLException e) {
            if (!isConnectionError(classify(e, "08006"))) {
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
        String state = error.getSQLState();
        return state != null && state.startsWith("08");
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
