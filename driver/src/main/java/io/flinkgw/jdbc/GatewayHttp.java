package io.flinkgw.jdbc;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;

/** HTTP requests to the gateway's side endpoints, with the connection's address and credentials. */
final class GatewayHttp {

    private GatewayHttp() {}

    /** Opens {@code path} for a statement; {@code query} is appended to its parameters. */
    static HttpURLConnection open(
            AvaticaConnection connection, Meta.StatementHandle handle, String method, String path, String query, int timeoutMillis)
            throws IOException {
        String address = connection.config().url().replaceAll("/+$", "") + path + "?connection="
                + URLEncoder.encode(connection.id, StandardCharsets.UTF_8) + "&statement=" + handle.id + query;
        HttpURLConnection http = (HttpURLConnection) URI.create(address).toURL().openConnection();
        http.setRequestMethod(method);
        http.setConnectTimeout(timeoutMillis);
        http.setReadTimeout(timeoutMillis);
        String user = connection.config().avaticaUser();
        if (user != null) {
            String password = connection.config().avaticaPassword();
            String token = user + ":" + (password == null ? "" : password);
            http.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        return http;
    }
}
