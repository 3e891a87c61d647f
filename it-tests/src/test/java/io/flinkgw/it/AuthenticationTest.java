package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.FlinkgwServer;
import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.security.FileAuthenticator;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP BASIC against a users file with bcrypt hashes; users see only their own connections and results. */
class AuthenticationTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Path users = directory.resolve("users");
        Files.writeString(users, "# test users\n"
                + FileAuthenticator.hashLine("alice", "wonderland".toCharArray()) + "\n"
                + FileAuthenticator.hashLine("bob", "builder".toCharArray()) + "\n");
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.AUTHENTICATION, GatewayOptions.Authentication.FILE);
        settings.set(GatewayOptions.USERS_FILE, users.toString());
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(gateway.url(), user, password);
    }

    @Test
    void rightCredentialsRunQueriesThroughEveryPath() throws Exception {
        try (Connection connection = connect("alice", "wonderland"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE nums (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='50000',"
                    + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='50000')");
            statement.setFetchSize(1000);
            long sum = 0;
            try (ResultSet rows = statement.executeQuery("SELECT id FROM nums")) {
                while (rows.next()) {
                    sum += rows.getLong(1);
                }
            }
            assertThat(sum).isEqualTo(50_000L * 50_001L / 2);
            assertThat(statement.unwrap(FlinkgwStatement.class).getQueryId()).matches("[a-z0-9]{26}");
        }
    }

    @Test
    void wrongOrMissingCredentialsAre28000() {

        assertThatThrownBy(() -> connect("alice", "nope").close())
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("28000"));
        assertThatThrownBy(() -> connect("mallory", "wonderland").close())
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("28000"));
        assertThatThrownBy(() -> DriverManager.getConnection(gateway.url()).close())
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("28000"));
    }

    @Test
    void anotherUserCannotSeeAResultOrItsStatus() throws Exception {
        String queryId;
        try (Connection connection = connect("alice", "wonderland"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 'secret' AS s")) {
                assertThat(rows.next()).isTrue();
            }
            queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
        }
        try (Connection connection = connect("bob", "builder"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("No result with query id");
        }
        String base = gateway.url().replace("jdbc:flinkgw:", "http:");
        HttpResponse<String> asBob = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=" + queryId))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bob:builder".getBytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asBob.statusCode()).isEqualTo(404);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=" + queryId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void exposingWithoutAuthenticationIsRefused() {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.BIND_ADDRESS, "0.0.0.0");
        settings.set(GatewayOptions.PORT, 0);
        settings.set(GatewayOptions.RESULT_ROOT, directory.resolve("other-results").toString());
        settings.set(GatewayOptions.JOB_STORE_URL, "jdbc:h2:file:" + directory.resolve("other-store/flinkgw"));
        assertThatThrownBy(() -> FlinkgwServer.start(settings).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without authentication");
    }
}
