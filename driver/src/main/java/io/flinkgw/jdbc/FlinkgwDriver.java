package io.flinkgw.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Driver;

/**
 * The flinkgw JDBC driver: {@code jdbc:flinkgw://host:port[?key=value&...]}.
 *
 * <p>It speaks Avatica's protobuf protocol over HTTP to a flinkgw gateway. URL parameters and
 * connection properties are merged (properties win); {@code user} and {@code password} are passed to
 * the gateway. Avatica's own properties ({@code serialization}, {@code fetch_size},
 * {@code transparent_reconnection}, ...) may be set the same way. Requests go through
 * {@link GatewayHttpClient}, which gives up on a gateway that keeps refusing them.
 */
public final class FlinkgwDriver extends Driver {

    /** The URL prefix this driver accepts. */
    public static final String URL_PREFIX = "jdbc:flinkgw:";

    /**
     * Rows asked per fetch unless the statement's fetch size says otherwise: large frames make long
     * results fast; the gateway caps them.
     */
    static final String DEFAULT_FETCH_SIZE = "10000";

    static {
        new FlinkgwDriver().register();
    }

    @Override
    protected String getConnectStringPrefix() {
        return URL_PREFIX;
    }

    @Override
    protected String getFactoryClassName(JdbcVersion jdbcVersion) {
        return FlinkgwJdbcFactory.class.getName();
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return DriverVersion.load(
                FlinkgwDriver.class, "io/flinkgw/jdbc/flinkgw-driver.properties",
                "flinkgw JDBC driver", "unknown version", "flinkgw", "unknown version");
    }

    @Override
    public Meta createMeta(AvaticaConnection connection) {
        Meta avatica = super.createMeta(connection);
        return FlinkgwJdbcFactory.fastFetchEnabled(connection) ? FastFetch.wrap(avatica, connection) : avatica;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties properties = toAvaticaProperties(url, info);
        try {
            return super.connect(URL_PREFIX, properties);
        } catch (SQLException e) {
            throw ConnectionErrors.classify(e, SqlStates.UNABLE_TO_CONNECT);
        } catch (RuntimeException e) {
            throw ConnectionErrors.fromRuntime(e, SqlStates.UNABLE_TO_CONNECT);
        }
    }

    /** Translates a flinkgw URL and properties into the properties Avatica's remote driver reads. */
    static Properties toAvaticaProperties(String url, Properties info) throws SQLException {
        String rest = url.substring(URL_PREFIX.length());
        if (!rest.startsWith("//")) {
            throw new SQLException("Invalid flinkgw URL, expected jdbc:flinkgw://host:port: " + Redaction.text(url), SqlStates.UNABLE_TO_CONNECT);
        }
        String authority = rest.substring(2);
        String query = "";
        int question = authority.indexOf('?');
        if (question >= 0) {
            query = authority.substring(question + 1);
            authority = authority.substring(0, question);
        }
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.isEmpty() || authority.contains("/")) {
            throw new SQLException("Invalid flinkgw URL, expected jdbc:flinkgw://host:port: " + Redaction.text(url), SqlStates.UNABLE_TO_CONNECT);
        }
        Properties properties = new Properties();
        properties.setProperty("serialization", "PROTOBUF");
        properties.setProperty("fetch_size", DEFAULT_FETCH_SIZE);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            properties.setProperty(key, value);
        }
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                properties.setProperty(key, info.getProperty(key));
            }
        }
        if (properties.getProperty("httpclient_impl") == null) {
            properties.setProperty("httpclient_impl", GatewayHttpClient.class.getName());
        }
        boolean tls = Boolean.parseBoolean(properties.getProperty("ssl", "false"));
        properties.setProperty("url", (tls ? "https://" : "http://") + authority);
        String user = properties.getProperty("user");
        if (user != null && properties.getProperty("avatica_user") == null) {
            properties.setProperty("avatica_user", user);
            properties.setProperty("avatica_password", properties.getProperty("password", ""));
            properties.setProperty("authentication", "BASIC");
        }
        return properties;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
