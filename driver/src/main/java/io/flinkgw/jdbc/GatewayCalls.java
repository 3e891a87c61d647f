package io.flinkgw.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/**
 * The gateway's side endpoints for what Avatica has no RPC for: the query id behind a statement, and
 * a cancel that reaches the query's cluster.
 */
final class GatewayCalls {

    private static final Pattern QUERY_ID = Pattern.compile("\"queryId\"\\s*:\\s*\"([a-z0-9]+)\"");
    private static final int TIMEOUT_MILLIS = 10_000;

    private GatewayCalls() {}

    /** The per-job query id behind the statement's current result, or null. */
    static String queryId(AvaticaConnection connection, Meta.StatementHandle handle) throws SQLException {
        Matcher matcher = QUERY_ID.matcher(call(connection, handle, "GET", "/flinkgw/v1/statement"));
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Cancels the statement's running query on the gateway; whether one was running. */
    static boolean cancel(AvaticaConnection connection, Meta.StatementHandle handle) throws SQLException {
        return call(connection, handle, "POST", "/flinkgw/v1/cancel").contains("\"canceled\":true");
    }

    /** Declares the SQL types of null parameters (0-based index to java.sql.Types) before an execute. */
    static void declareNullTypes(AvaticaConnection connection, Meta.StatementHandle handle, java.util.Map<Integer, Integer> types)
            throws SQLException {
        StringBuilder list = new StringBuilder();
        types.forEach((index, type) -> list.append(list.length() == 0 ? "" : ",").append(index).append(':').append(type));
        call(connection, handle, "POST", "/flinkgw/v1/null-types", "&types=" + list);
    }

    private static String call(AvaticaConnection connection, Meta.StatementHandle handle, String method, String path)
            throws SQLException {
        return call(connection, handle, method, path, "");
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
                    String[] parts = text.split("\n", 3);
                    if (parts.length == 3) {
                        throw new SQLException(parts[2], parts[0], parseCode(parts[1]));
                    }
                    throw new SQLException("Gateway answered HTTP " + status + ": " + text, "08006");
                }
                return text;
            } finally {
                http.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("Cannot reach the flinkgw gateway: " + e.getMessage(), "08006", e);
        }
    }

    private static int parseCode(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
