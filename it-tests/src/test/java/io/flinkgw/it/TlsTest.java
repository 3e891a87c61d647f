package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made for the test; the driver trusts it through a trust store. */
class TlsTest {

    @TempDir Path directory;

    private void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void driverTalksHttpsToTheGateway() throws Exception {
        Path keystore = directory.resolve("server.p12");
        Path certificate = directory.resolve("server.crt");
        Path truststore = directory.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "flinkgw", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        keytool("-exportcert", "-alias", "flinkgw", "-keystore", keystore.toString(), "-storepass", "secret",
                "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "flinkgw", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", "trustme");

        Configuration settings = new Configuration();
        settings.set(GatewayOptions.TLS_ENABLED, true);
        settings.set(GatewayOptions.TLS_KEYSTORE, keystore.toString());
        settings.set(GatewayOptions.TLS_KEYSTORE_PASSWORD, "secret");
        try (TestGateway gateway = TestGateway.start(directory, settings)) {
            Properties properties = new Properties();
            properties.setProperty("user", "tls");
            properties.setProperty("ssl", "true");
            properties.setProperty("truststore", truststore.toString());
            properties.setProperty("truststore_password", "trustme");
            try (Connection connection = DriverManager.getConnection(gateway.url(), properties);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE nums (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='30000',"
                        + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='30000')");
                statement.setFetchSize(5000);
                long sum = 0;
                try (ResultSet rows = statement.executeQuery("SELECT id FROM nums")) {
                    while (rows.next()) {
                        sum += rows.getLong(1);
                    }
                }
                assertThat(sum).isEqualTo(30_000L * 30_001L / 2);
            }
            // plain HTTP to the TLS port is answered or closed, never left hanging
            int port = Integer.parseInt(gateway.url().replaceAll(".*:", ""));
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.getInputStream().readAllBytes();
            } catch (java.net.SocketException e) {
                // a reset is an answer too
            }
            Properties untrusting = new Properties();
            untrusting.setProperty("user", "tls");
            untrusting.setProperty("ssl", "true");
            assertThatThrownBy(() -> DriverManager.getConnection(gateway.url(), untrusting).close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).startsWith("08"));
        }
    }
}
