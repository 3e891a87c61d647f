package io.flinkgw.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Every SQLState the driver sets itself, and the exceptions that carry them; errors the gateway
 * raised keep the SQLState and code it sent ({@link #fromGateway}).
 */
final class SqlStates {

    /** No error: Avatica's default when a remote error carries no SQLState. */
    static final String SUCCESS = "00000";
    /** The gateway could not be reached to open a connection. */
    static final String UNABLE_TO_CONNECT = "08001";
    /** The gateway was lost during a call. */
    static final String CONNECTION_FAILURE = "08006";
    static final String INVALID_AUTHORIZATION = "28000";
    static final String QUERY_CANCELED = "57014";
    static final String INVALID_CHARACTER_VALUE_FOR_CAST = "22018";
    static final String INVALID_DATETIME_FORMAT = "22007";
    static final String RESTRICTED_DATA_TYPE = "07006";
    static final String FEATURE_NOT_SUPPORTED = "0A000";

    private SqlStates() {}

    /** An error the gateway reported with its SQLState and error code. */
    static SQLException fromGateway(String message, String sqlState, int code) {
        return new SQLException(message, sqlState, code);
    }

    /** A connection error: {@code sqlState} is {@link #UNABLE_TO_CONNECT} or {@link #CONNECTION_FAILURE}. */
    static SQLException connection(String message, String sqlState, Throwable cause) {
        return sqlState.equals(UNABLE_TO_CONNECT)
                ? new SQLNonTransientConnectionException(message, sqlState, cause)
                : new SQLTransientConnectionException(message, sqlState, cause);
    }

    static SQLException connectionLost(String message, Throwable cause) {
        return connection(message, CONNECTION_FAILURE, cause);
    }

    static SQLException rejectedCredentials(Throwable cause) {
        return new SQLInvalidAuthorizationSpecException(
                "The gateway rejected the credentials: wrong or missing user or password", INVALID_AUTHORIZATION, cause);
    }

    static SQLException timedOut(String message, int code, Throwable cause) {
        return new SQLTimeoutException(message, QUERY_CANCELED, code, cause);
    }

    static SQLException notConvertible(String message, Throwable cause) {
        return new SQLDataException(message, INVALID_CHARACTER_VALUE_FOR_CAST, cause);
    }

    static SQLException badDatetime(String message, Throwable cause) {
        return new SQLDataException(message, INVALID_DATETIME_FORMAT, cause);
    }

    static SQLException unsupportedParameter(String message) {
        return new SQLException(message, RESTRICTED_DATA_TYPE);
    }

    static SQLException unsupported(String message) {
        return new SQLFeatureNotSupportedException(message, FEATURE_NOT_SUPPORTED);
    }

    static boolean isConnectionError(SQLException error) {
        String state = error.getSQLState();
        return state != null && state.startsWith("08");
    }
}
