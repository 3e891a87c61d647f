package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement length, result size and queries per user are bounded, each with a clear SQLState. */
class LimitsTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.MAX_STATEMENT_LENGTH, 2000);
        settings.set(GatewayOptions.MAX_RESULT_ROWS, 100L);
        settings.set(GatewayOptions.MAX_QUERIES_PER_USER, 1);
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(300));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static void createTable(Statement statement, String name, int rows, int perSecond) throws SQLException {
        statement.execute("CREATE TABLE " + name + " (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='" + rows
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
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM thousand")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
        }
    }

    @Test
    void oneUserCannotTakeMoreThanItsShare() throws Exception {
        try (Connection first = gateway.connect("greedy");
                Connection second = gateway.connect("greedy");
                Connection other = gateway.connect("patient");
                Statement running = first.createStatement();
                Statement extra = second.createStatement();
                Statement others = other.createStatement()) {
            createTable(running, "slow", 100, 5);
            ResultSet slow = running.executeQuery("SELECT id FROM slow");
            assertThatThrownBy(() -> extra.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("53400"))
                    .hasMessageContaining("limits.max-queries-per-user");
            try (ResultSet rows = others.executeQuery("SELECT 2")) {
                assertThat(rows.next()).isTrue();
            }
            running.cancel();
            slow.close();
        }
    }
}
