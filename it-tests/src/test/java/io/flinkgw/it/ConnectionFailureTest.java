package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead server is a connection error; a finished query's status outlives its cluster. */
class ConnectionFailureTest {

    @TempDir Path directory;

    @Test
    void unreachableGatewayIsAConnectionError() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String url = "jdbc:flinkgw://127.0.0.1:" + freePort + "?http_connection_timeout=2000";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "tester", ""))
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).startsWith("08"));
    }

    @Test
    void gatewayGoneMidSessionIsAConnectionError() throws Exception {
        TestGateway gateway = TestGateway.start(directory);
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            gateway.close();
            assertThatThrownBy(() -> statement.executeQuery("SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).startsWith("08"));
        }
    }

    @Test
    void statusOfAFinishedQueryComesFromTheRecordAfterTeardown() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 7")) {
                assertThat(rows.next()).isTrue();
                // the last frame comes with the commit
                assertThat(rows.next()).isFalse();
            }
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            String base = gateway.url().replace("jdbc:flinkgw:", "http:");
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=" + queryId)).build();
            // once the cluster is torn down, the status is the record's, row count included
            HttpResponse<String> status = Conditions.await(
                    () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()),
                    response -> response.body().contains("\"rowCount\""), java.time.Duration.ofSeconds(60));
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"state\":\"FINISHED\"").contains("\"rowCount\":\"1\"");
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=nosuchquery0000000000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
    }
}
