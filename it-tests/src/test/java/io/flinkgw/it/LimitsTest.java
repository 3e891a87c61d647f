package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement length, result size and queued queries are bounded, each with a clear SQLState; a user's share waits. */
class LimitsTest {

    @TempDir static Path directory;
    static TestGateway gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.MAX_STATEMENT_LENGTH, 2000);
        settings.set(GatewayOptions.MAX_RESULT_ROWS, 100L);
        settings.set(GatewayOptions.MAX_QUERIES_PER_USER, 1);
        settings.set(GatewayOptions.MAX_QUEUED_QUERIES, 1);
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(300));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static void createTable(Statement statement, String name, int rows, int perSecond) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE " + name + " (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='" + rows
                + "', 'rows-per-second'='" + perSecond + "', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                + " 'fields.id.end'='" + rows + "')");
    }

    @Test
    void overlongStatementIs54000() throws Exception {
        try (Connection connection = gateway.connect("long"); Statement statement = connection.createStatement()) {
            String sql = "SELECT '" + "x".repeat(3000) + "'";
            assertThatThrownBy(() -> statement.executeQuery(sql))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("54000"))
                    .hasMessageContaining("limits.max-statement-length");
        }
    }

    @Test
    void resultAboveTheRowLimitFailsTheQuery() throws Exception {
        try (Connection connection = gateway.connect("big"); Statement statement = connection.createStatement()) {
            createTable(statement, "thousand", 1000, 1_000_000_000);
            assertThatThrownBy(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT id FROM thousand")) {
                    while (rows.next()) {
                        rows.getLong(1);
                    }
                }
            }).isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("54000"))
                    .hasMessageContaining("limits.max-result-rows");
            Path failed = directory.resolve("results").resolve(queryId(statement));
            assertThat(failed).as("the failed query's result directory").isDirectory();
            try (Stream<Path> files = Files.walk(failed)) {
                assertThat(files.filter(file -> file.toString().endsWith(".rows")).toList())
                        .as("a failed writer leaves no data file that could read as complete").isEmpty();
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM thousand")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
        }
    }

    /**
     * A user over limits.max-queries-per-user waits in the queue instead of being refused; only a full
     * queue refuses. While queued, a query can be cancelled, time out or go with its connection, and
     * it ends CANCELED without ever having a cluster.
     */
    @Test
    void queriesBeyondTheUsersShareWaitAndOnlyAFullQueueRefuses() throws Exception {
        try (Connection first = gateway.connect("greedy");
                Connection second = gateway.connect("greedy");
                Connection third = gateway.connect("greedy");
                Connection other = gateway.connect("patient");
                Statement running = first.createStatement();
                Statement queued = second.createStatement();
                Statement later = third.createStatement();
                Statement others = other.createStatement()) {
            createTable(running, "slow", 600, 10);
            ResultSet slow = running.executeQuery("SELECT id FROM slow");
            awaitState(queryId(running), "RUNNING");

            // greedy's second query waits for greedy's first; its fetches long-poll with no rows yet
            ResultSet waiting = queued.executeQuery("SELECT 1");
            String queuedId = queryId(queued);
            assertThat(status(queuedId)).contains("\"state\":\"SUBMITTED\"").doesNotContain("clusterId");

            // the queue (limits.max-queued-queries: 1) is full: only now is a query refused
            assertThatThrownBy(() -> later.executeQuery("SELECT 3"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("53400"))
                    .hasMessageContaining("limits.max-queued-queries");

            // another user is not held up behind greedy's waiting query
            try (ResultSet rows = others.executeQuery("SELECT 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
            assertThat(status(queuedId)).contains("\"state\":\"SUBMITTED\"");

            // cancelled while queued: CANCELED at once, without ever having had a cluster
            queued.cancel();
            assertThat(status(queuedId)).contains("\"state\":\"CANCELED\"").doesNotContain("clusterId").doesNotContain("flinkJobId");
            assertThatThrownBy(waiting::next)
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("57014"));

            // its place is free again: a query with a timeout waits there, and the timeout cancels it
            later.setQueryTimeout(1);
            assertThatThrownBy(() -> {
                try (ResultSet rows = later.executeQuery("SELECT 4")) {
                    while (rows.next()) {
                        rows.getInt(1);
                    }
                }
            }).isInstanceOf(SQLTimeoutException.class);
            assertThat(status(queryId(later))).contains("\"state\":\"CANCELED\"").doesNotContain("clusterId");

            // closing a connection takes its queued queries with it
            String closedId;
            try (Connection closing = gateway.connect("greedy"); Statement statement = closing.createStatement()) {
                statement.executeQuery("SELECT 5");
                closedId = queryId(statement);
                assertThat(status(closedId)).contains("\"state\":\"SUBMITTED\"");
            }
            assertThat(status(closedId)).contains("\"state\":\"CANCELED\"").doesNotContain("clusterId");

            running.cancel();
            slow.close();
        }
    }

    private static String queryId(Statement statement) throws SQLException {
        return statement.unwrap(FlinkgwStatement.class).getQueryId();
    }

    private static String status(String queryId) throws Exception {
        String base = gateway.url().replace("jdbc:flinkgw:", "http:");
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=" + queryId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls the query's status until it is {@code state}, for at most 60 seconds. */
    private static void awaitState(String queryId, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = status(queryId);
        while (!status.contains("\"state\":\"" + state + "\"") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            status = status(queryId);
        }
        assertThat(status).contains("\"state\":\"" + state + "\"");
    }
}
