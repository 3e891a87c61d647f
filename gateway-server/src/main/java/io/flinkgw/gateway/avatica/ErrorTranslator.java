package io.flinkgw.gateway.avatica;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.error.RootCause;
import java.util.Locale;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;

/**
 * The one place where errors become what JDBC clients see: an {@link AvaticaRuntimeException} with a
 * SQLState, the gateway's error code and a one-line message that states the root cause.
 */
final class ErrorTranslator {

    private ErrorTranslator() {}

    static RuntimeException translate(Throwable error) {
        if (error instanceof AvaticaRuntimeException avaticaError) {
            return avaticaError;
        }
        if (error instanceof NoSuchConnectionException noSuchConnection) {
            return noSuchConnection;
        }
        GatewayException gatewayError = classify(error);
        ErrorCode code = gatewayError.errorCode();
        return new AvaticaRuntimeException(
                gatewayError.getMessage(), code.code(), sqlState(code), AvaticaSeverity.ERROR);
    }

    static String sqlState(ErrorCode code) {
        switch (code) {
            case SYNTAX_ERROR:
            case VALIDATION_ERROR:
                return "42000";
            case OBJECT_NOT_FOUND:
                return "42S02";
            case OBJECT_EXISTS:
                return "42S01";
            case UNSUPPORTED_STATEMENT:
                return "0A000";
            case INVALID_PARAMETERS:
                return "07001";
            case ACCESS_DENIED:
                return "42501";
            case DATA_ERROR:
                return "22000";
            case QUERY_FAILED:
            case RESULT_UNAVAILABLE:
            case INTERNAL_ERROR:
                return "HY000";
            case RESULT_CORRUPT:
                return "XX001";
            case RESULT_REPLACED:
                // serialization failure: the statement, run again, gives a consistent answer
                return "40001";
            case JOB_STORE_UNAVAILABLE:
                return "58000";
            case QUERY_CANCELED:
                return "57014";
            case QUERY_NOT_FOUND:
                return "42704";
            case CONNECTION_NOT_FOUND:
                return "08003";
            case STATEMENT_NOT_FOUND:
                return "26000";
            case RESOURCE_UNAVAILABLE:
                return "53000";
            case TOO_MANY_QUERIES:
            case TOO_MANY_OPEN:
                return "53400";
            case TOO_LARGE:
                return "54000";
            case OUT_OF_MEMORY:
                return "53200";
        }
        throw new AssertionError(code);
    }

    private static GatewayException classify(Throwable error) {
        // an error the gateway raised inside Flink (a catalog or connector of ours) keeps its code,
        // whatever Flink wrapped it in
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof GatewayException gateway) {
                return gateway;
            }
        }
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof SqlParserException) {
                return new GatewayException(ErrorCode.SYNTAX_ERROR, oneLine(current), error);
            }
            if (current instanceof ValidationException) {
                String message = oneLine(current) + rootSuffix(current);
                String lower = message.toLowerCase(Locale.ROOT);
                boolean missing =
                        lower.contains("not found") || lower.contains("does not exist") || lower.contains("doesn't exist");
                boolean exists = lower.contains("already exists") || lower.contains("already exist ");
                ErrorCode code = missing ? ErrorCode.OBJECT_NOT_FOUND
                        : exists ? ErrorCode.OBJECT_EXISTS : ErrorCode.VALIDATION_ERROR;
                return new GatewayException(code, message, error);
            }
            if (current.getClass().getName().startsWith("org.apache.flink.table.catalog.exceptions.")) {
                // CatalogException and the typed ones (TableNotExistException, DatabaseAlreadyExistException, ...)
                String message = oneLine(current);
                String lower = (current.getClass().getSimpleName() + " " + message).toLowerCase(Locale.ROOT);
                ErrorCode code = lower.contains("notexist") || lower.contains("does not exist") ? ErrorCode.OBJECT_NOT_FOUND
                        : lower.contains("alreadyexist") || lower.contains("already exist") ? ErrorCode.OBJECT_EXISTS
                        : ErrorCode.VALIDATION_ERROR;
                return new GatewayException(code, message, error);
            }
            if (current instanceof TableException && oneLine(current).startsWith("Unsupported SQL query")) {
                return new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT, oneLine(current), error);
            }
        }
        return new GatewayException(
                ErrorCode.forFailure(error, ErrorCode.INTERNAL_ERROR), RootCause.describe(error), error);
    }

    private static String rootSuffix(Throwable error) {
        Throwable root = RootCause.of(error);
        if (root == error || root.getMessage() == null || oneLine(error).contains(oneLine(root))) {
            return "";
        }
        return ": " + oneLine(root);
    }

    private static String oneLine(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
