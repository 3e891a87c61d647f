package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INSERT runs on a per-job cluster like a SELECT: a query id, an update count, cancel and errors. */
class InsertTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.SANDBOX_PATHS, List.of(directory.resolve("tables").toString()));
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(300));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static String csvTable(String name) {
        return "CREATE TABLE " + name + " (id BIGINT, name STRING) WITH ('connector'='filesystem', 'path'='"
                + directory.resolve("tables").resolve(name).toUri() + "', 'format'='csv')";
    }

    /** The query's status once it says {@code state}, or after 30 s whatever it says then. */
    private static String awaitState(String queryId, String state) throws Exception {
        return Conditions.await(() -> gateway.get("/flinkgw/v1/query?id=" + queryId),
                status -> status.contains("\"state\":\"" + state + "\""), Duration.ofSeconds(30));
    }

    @Test
    void insertReturnsItsUpdateCountAndAnotherConnectionReadsTheRows() throws Exception {
        try (Connection writer = gateway.connect(); Statement statement = writer.createStatement()) {
            statement.execute(csvTable("people"));
            assertThat(statement.executeUpdate("INSERT INTO people VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger')"))
                    .isEqualTo(3);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(queryId).isNotNull();
            assertThat(awaitState(queryId, "FINISHED")).contains("\"state\":\"FINISHED\"");
            assertThat(statement.execute("INSERT INTO people SELECT id + 10, UPPER(name) FROM people WHERE id > 1")).isFalse();
            assertThat(statement.getLargeUpdateCount()).isEqualTo(2);
            assertThat(statement.getResultSet()).isNull();
        }
        // another connection sees the table (default_catalog is shared) and the rows the jobs wrote
        try (Connection reader = gateway.connect(); Statement statement = reader.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT id, name FROM people ORDER BY id")) {
                while (result.next()) {
                    rows.add(result.getLong(1) + ":" + result.getString(2));
                }
            }
            assertThat(rows).containsExactly("1:ada", "2:grace", "3:edsger", "12:GRACE", "13:EDSGER");
        }
    }

    @Test
    void preparedInsertBindsItsParametersAndCountsItsRows() throws Exception {
        try (Connection connection = gateway.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(csvTable("prepared_people"));
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prepared_people VALUES (?, ?), (?, ?)")) {
                insert.setLong(1, 7);
                insert.setString(2, "it's");
                insert.setLong(3, 8);
                insert.setString(4, "fine");
                assertThat(insert.executeUpdate()).isEqualTo(2);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT name FROM prepared_people WHERE id = 7")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("it's");
            }
        }
    }

    @Test
    void statementSetCountsTheRowsOfEveryInsert() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(csvTable("left_side"));
            statement.execute(csvTable("right_side"));
            assertThat(statement.executeLargeUpdate("EXECUTE STATEMENT SET BEGIN "
                    + "INSERT INTO left_side VALUES (1, 'a'), (2, 'b'); "
                    + "INSERT INTO right_side VALUES (3, 'c'); END")).isEqualTo(3);
            try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM right_side")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingInsertIsAnErrorWithItsRootCause() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(csvTable("numbers"));
            statement.execute("CREATE TABLE words (w STRING) WITH ('connector'='datagen', 'number-of-rows'='10',"
                    + " 'fields.w.length'='6')");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO numbers SELECT CAST(w AS BIGINT), w FROM words"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("failed")
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("22000"));
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO nowhere VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("nowhere");
        }
    }

    @Test
    void cancelOfALongInsertKillsItsCluster() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(csvTable("slow_copy"));
            statement.execute("CREATE TABLE slow (id BIGINT, name STRING) WITH ('connector'='datagen', 'number-of-rows'='600',"
                    + " 'rows-per-second'='10')");
            CompletableFuture<Throwable> insert = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.executeUpdate("INSERT INTO slow_copy SELECT * FROM slow");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            FlinkgwStatement flinkgw = statement.unwrap(FlinkgwStatement.class);
            String queryId = Conditions.await(flinkgw::getQueryId, id -> id != null, Duration.ofSeconds(60));
            assertThat(queryId).as("the running INSERT's query id").isNotNull();
            assertThat(awaitState(queryId, "RUNNING")).contains("\"state\":\"RUNNING\"");
            statement.cancel();
            Throwable error = insert.get(30, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(((SQLException) error).getSQLState()).isEqualTo("57014");
            assertThat(awaitState(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
            assertThat(Conditions.await(() -> gateway.get("/metrics"), metrics -> metrics.contains("\"runningClusters\":0"),
                    Duration.ofSeconds(30))).contains("\"runningClusters\":0");
        }
    }

    @Test
    void queryTimeoutCancelsALongInsert() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(csvTable("timed_copy"));
            statement.execute("CREATE TABLE slow_source (id BIGINT, name STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='600', 'rows-per-second'='10')");
            statement.setQueryTimeout(3);
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO timed_copy SELECT * FROM slow_source"))
                    .isInstanceOf(java.sql.SQLTimeoutException.class);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(awaitState(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
        }
    }
}
