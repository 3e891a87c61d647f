package io.flinkgw.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/** Asks the gateway's side endpoint which query a statement's result came from (Avatica has no RPC for it). */
final class QueryIdLookup {

    private static final Pattern QUERY_ID = Pattern.compile("\"queryId\"\\s*:\\s*\"([a-z0-9]+)\"");
    private static final int TIMEOUT_MILLIS = 10_000;

    private QueryIdLookup() {}

    static String lookUp(AvaticaConnection connection, Meta.StatementHandle handle) throws SQLException {
        String base = connection.config().url();
        String address = base.replaceAll("/+$", "") + "/flinkgw/v1/statement?connection="
                + URLEncoder.encode(connection.id, StandardCharsets.UTF_8) + "&statement=" + handle.id;
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(address).toURL().openConnection();
            http.setConnectTimeout(TIMEOUT_MILLIS);
            http.setReadTimeout(TIMEOUT_MILLIS);
            try (InputStream input = http.getInputStream()) {
                String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
                Matcher matcher = QUERY_ID.matcher(body);
                return matcher.find() ? matcher.group(1) : null;
            } finally {
                http.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("Could not ask the gateway for the query id: " + e.getMessage(), "08006", e);
        }
    }
}
