package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The core path through DriverManager: session statements, per-job SELECTs, errors. */
class QueryPathTest extends SharedGatewayTest {


    /** A join, GROUP BY and ORDER BY over the tables of {@link #createTables}. */
    static final String JOIN_GROUP_ORDER = "SELECT c.id % 10 AS bucket, COUNT(*) AS cnt, SUM(o.amount) AS total "
            + "FROM orders o JOIN customers c ON o.id % 100 + 1 = c.id GROUP BY c.id % 10 ORDER BY bucket DESC";

    /** The rows of {@link #JOIN_GROUP_ORDER} as {@code bucket:cnt:total}, computed here. */
    static List<String> expectedJoinGroupOrder() {
        Map<Long, long[]> expected = new TreeMap<>((left, right) -> Long.compare(right, left));
        for (long id = 1; id <= 1000; id++) {
            long[] bucket = expected.computeIfAbsent((id % 100 + 1) % 10, key -> new long[2]);
            bucket[0]++;
            bucket[1] += id;
        }
        List<String> wanted = new ArrayList<>();
        expected.forEach((bucket, values) -> wanted.add(bucket + ":" + values[0] + ":" + values[1]));
        return wanted;
    }

    /** Runs a query whose job fails on its data (random text cast to INT); returns the SQLException (22000). */
    static SQLException failingCast(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE words (w STRING) WITH ('connector'='datagen', 'number-of-rows'='10',"
                + " 'rows-per-second'='1000000', 'fields.w.length'='6')");
        SQLException error = null;
        try (ResultSet rows = statement.executeQuery("SELECT CAST(w AS INT) FROM words")) {
            while (rows.next()) {
                rows.getInt(1);
            }
        } catch (SQLException e) {
            error = e;
        }
        assertThat((Object) error).as("a cast of random text to INT must fail").isNotNull();
        assertThat(error.getSQLState()).isEqualTo("22000");
        return error;
    }

    static void createTables(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE orders (id BIGINT, amount INT) WITH ("
                + "'connector'='datagen', 'number-of-rows'='1000', 'rows-per-second'='1000000000',"
                + "'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='1000',"
                + "'fields.amount.kind'='sequence', 'fields.amount.start'='1', 'fields.amount.end'='1000')");
        statement.execute("CREATE TEMPORARY TABLE customers (id BIGINT, name STRING) WITH ("
                + "'connector'='datagen', 'number-of-rows'='100', 'rows-per-second'='1000000000',"
                + "'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='100')");
    }

    @Test
    void joinGroupByOrderByReturnsExactRows() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            List<String> actual = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(JOIN_GROUP_ORDER)) {
                ResultSetMetaData metaData = rows.getMetaData();
                assertThat(metaData.getColumnCount()).isEqualTo(3);
                assertThat(metaData.getColumnLabel(1)).isEqualTo("bucket");
                assertThat(metaData.getColumnType(2)).isEqualTo(Types.BIGINT);
                while (rows.next()) {
                    actual.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong("total"));
                }
            }
            assertThat(actual).containsExactlyElementsOf(expectedJoinGroupOrder());
        }
    }

    @Test
    void orderByWithLimitKeepsOrderAndQueryIdIsExposed() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT id FROM orders ORDER BY id DESC LIMIT 25")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long id = 1000; id > 975; id--) {
                expected.add(id);
            }
            assertThat(ids).containsExactlyElementsOf(expected);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(queryId).matches("[a-z0-9]{26}");
        }
    }

    @Test
    void emptyResultAndWideRows() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            try (ResultSet rows = statement.executeQuery("SELECT * FROM orders WHERE id < 0")) {
                assertThat(rows.getMetaData().getColumnCount()).isEqualTo(2);
                assertThat(rows.next()).isFalse();
            }
            StringBuilder wide = new StringBuilder("SELECT ");
            for (int i = 0; i < 200; i++) {
                wide.append(i == 0 ? "" : ", ").append("id + ").append(i).append(" AS c").append(i);
            }
            wide.append(", REPEAT('x', 10000) AS big FROM orders WHERE id <= 3 ORDER BY id");
            try (ResultSet rows = statement.executeQuery(wide.toString())) {
                assertThat(rows.getMetaData().getColumnCount()).isEqualTo(201);
                int count = 0;
                while (rows.next()) {
                    count++;
                    assertThat(rows.getLong("c199")).isEqualTo(count + 199);
                    assertThat(rows.getString("big")).hasSize(10000);
                }
                assertThat(count).isEqualTo(3);
            }
        }
    }

    @Test
    void sessionStatementsRunInTheSession() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("CREATE DATABASE sales")).isZero();
            assertThat(statement.execute("USE sales")).isFalse();
            statement.execute("CREATE TEMPORARY TABLE t (a INT, b STRING) WITH ('connector'='datagen', 'number-of-rows'='5')");
            try (ResultSet rows = statement.executeQuery("SHOW TABLES")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("t");
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = statement.executeQuery("DESCRIBE t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("name")).isEqualTo("a");
                assertThat(rows.getString("type")).isEqualTo("INT");
            }
            try (ResultSet rows = statement.executeQuery("EXPLAIN SELECT a FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).contains("TableSourceScan");
            }
            statement.execute("SET 'table.local-time-zone' = 'Asia/Tokyo'");
            try (ResultSet rows = statement.executeQuery("SET")) {
                Map<String, String> settings = new TreeMap<>();
                while (rows.next()) {
                    settings.put(rows.getString("key"), rows.getString("value"));
                }
                assertThat(settings).containsEntry("table.local-time-zone", "Asia/Tokyo")
                        .containsEntry("execution.runtime-mode", "batch")
                        // the gateway's defaults: rows stream to the result while the job runs
                        .containsEntry("execution.batch-shuffle-mode", "ALL_EXCHANGES_HYBRID_SELECTIVE")
                        .containsEntry("jobmanager.scheduler", "Default")
                        .containsEntry("parallelism.default", "2");
            }
            statement.execute("RESET 'table.local-time-zone'");
            try (ResultSet rows = statement.executeQuery("SET")) {
                List<String> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
                assertThat(keys).doesNotContain("table.local-time-zone");
            }
        }
    }

    @Test
    void syntaxErrorHasSqlState42000AndServerStaysHealthy() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42000"))
                    .hasMessageContaining("SELEC");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42S02"))
                    .hasMessageContaining("no_such_table");
            assertThatThrownBy(() -> statement.executeQuery("SELECT 'a' + TRUE"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).startsWith("42"));
            try (ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aSessionMayChooseHybridExchanges() throws Exception {
        // the query clusters' TaskManagers are set up for them (without, Flink fails the job while deploying it)
        for (String mode : List.of("ALL_EXCHANGES_HYBRID_FULL", "ALL_EXCHANGES_HYBRID_SELECTIVE")) {
            try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
                createTables(statement);
                statement.execute("SET 'execution.batch-shuffle-mode' = '" + mode + "'");
                List<String> actual = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(JOIN_GROUP_ORDER)) {
                    while (rows.next()) {
                        actual.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong("total"));
                    }
                }
                assertThat(actual).as(mode).containsExactlyElementsOf(expectedJoinGroupOrder());
            }
        }
    }

    @Test
    void jobFailureCarriesTheRootCause() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            SQLException error = failingCast(statement);
            // the root cause's own words, whether the execute or a later fetch raises it
            assertThat(error.getMessage()).contains("NumberFormatException").contains("For input string");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }
}
