package io.flinkgw.jdbc;

import io.flinkgw.protocol.SidePaths;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.HostnameVerificationConfigurable;

/** HTTP requests to the gateway's side endpoints, with the connection's address and credentials. */
final class GatewayHttp {

    private GatewayHttp() {}

    /** Opens {@code path} for a statement; {@code query} is appended to its parameters. */
    static HttpURLConnection open(
            AvaticaConnection connection, Meta.StatementHandle handle, String method, String path, String query, int timeoutMillis)
            throws IOException {
        String address = connection.config().url().replaceAll("/+$", "") + path + "?" + SidePaths.CONNECTION + "="
                + URLEncoder.encode(connection.id, StandardCharsets.UTF_8) + "&" + SidePaths.STATEMENT_ID + "=" + handle.id + query;
        HttpURLConnection http = (HttpURLConnection) URI.create(address).toURL().openConnection();
        if (http instanceof HttpsURLConnection https) {
            configureTls(connection, https);
        }
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

    /** The same trust as Avatica's own client: the {@code truststore} property, and its hostname check. */
    private static void configureTls(AvaticaConnection connection, HttpsURLConnection https) throws IOException {
        File truststore = connection.config().truststore();
        if (truststore != null) {
            try (InputStream input = new FileInputStream(truststore)) {
                String password = connection.config().truststorePassword();
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(input, password == null ? null : password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                https.setSSLSocketFactory(context.getSocketFactory());
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot use the trust store " + truststore + ": " + e.getMessage(), e);
            }
        }
        if (connection.config().hostnameVerification() == HostnameVerificationConfigurable.HostnameVerification.NONE) {
            https.setHostnameVerifier((host, session) -> true);
        }
    }
}
