package io.flinkgw.jdbc;

import io.flinkgw.protocol.ErrorBody;
import io.flinkgw.protocol.FlatJson;
import io.flinkgw.protocol.ParameterDeclaration;
import io.flinkgw.protocol.SidePaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/**
 * The gateway's side endpoints for what Avatica has no RPC for: the query id behind a statement, a
 * cancel that reaches the query's cluster, and what a prepared statement's execution cannot carry.
 */
final class GatewayCalls {

    private static final int TIMEOUT_MILLIS = 10_000;

    private GatewayCalls() {}

    /** The per-job query id behind the statement's current result, or null. */
    static String queryId(AvaticaConnection connection, Meta.StatementHandle handle) throws SQLException {
        Object queryId = answer(call(connection, handle, "GET", SidePaths.STATEMENT, "")).get(SidePaths.QUERY_ID_FIELD);
        return queryId instanceof String id ? id : null;
    }

    /** Cancels the statement's running query on the gateway; whether one was running. */
    static boolean cancel(AvaticaConnection connection, Meta.StatementHandle handle) throws SQLException {
        return Boolean.TRUE.equals(answer(call(connection, handle, "POST", SidePaths.CANCEL, "")).get(SidePaths.CANCELED_FIELD));
    }

    /** Declares parameter types and the row limit of the statement's next execution. */
    static void declare(AvaticaConnection connection, Meta.StatementHandle handle, ParameterDeclaration declaration)
            throws SQLException {
        String query = "&" + SidePaths.TYPES + "=" + URLEncoder.encode(declaration.encodeTypes(), StandardCharsets.UTF_8)
                + "&" + SidePaths.MAX_ROWS + "=" + declaration.maxRows();
        call(connection, handle, "POST", SidePaths.PARAMETERS, query);
    }

    /** A gateway's error answer as the SQLException it stands for. */
    static SQLException error(int status, String body) {
        if (status == SidePaths.SQL_ERROR_STATUS) {
            java.util.Optional<ErrorBody> error = ErrorBody.parse(body);
            if (error.isPresent()) {
                return SqlStates.fromGateway(error.get().message(), error.get().sqlState(), error.get().code());
            }
        }
        return SqlStates.connectionLost("Gateway answered HTTP " + status + ": " + body, null);
    }

    private static Map<String, Object> answer(String json) throws SQLException {
        try {
            return FlatJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw SqlStates.connectionLost("Unexpected answer from the gateway: " + json, e);
        }
    }

    private static String call(
            AvaticaConnection connection, Meta.StatementHandle handle, String method, String path, String extraQuery)
            throws SQLException {
        try {
            HttpURLConnection http = GatewayHttp.open(connection, handle, method, path, extraQuery, TIMEOUT_MILLIS);
            try {
                int status = http.getResponseCode();
                InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream();
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (status >= 400) {
                    throw error(status, text);
                }
                return text;
            } finally {
                http.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw SqlStates.connectionLost("Cannot reach the flinkgw gateway: " + e.getMessage(), e);
        }
    }
}
