package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.it.coverage.FlinkOracle;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rows are served while the query's job runs, only ever rows of the result that is then committed; a
 * result complete before its job (maxRows, LIMIT) ends the job as finished.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamingResultTest extends SharedGatewayTest {

    /*
     * The jobs run at the gateway's defaults: hybrid exchanges on Flink's default scheduler, at the query
     * cluster's slot count, so a sink behind an exchange gets rows while its producers still run.
     */

    /** 20k rows of ~110 bytes at 2k rows a second: ten seconds, several blocks. */
    private static final int SLOW_ROWS = 20_000;

    static final HttpClient http = HttpClient.newHttpClient();

    private static void createTables(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT, name VARCHAR(100)) WITH ('connector'='datagen',"
                + " 'number-of-rows'='" + SLOW_ROWS + "', 'rows-per-second'='2000', 'fields.id.kind'='sequence',"
                + " 'fields.id.start'='1', 'fields.id.end'='" + SLOW_ROWS + "', 'fields.name.length'='100')");
        // days at this pace: only a result complete early ends it (random ids: a sequence is held in memory)
        statement.execute("CREATE TEMPORARY TABLE endless (id BIGINT, name VARCHAR(20)) WITH ('connector'='datagen',"
                + " 'number-of-rows'='100000000', 'rows-per-second'='1000', 'fields.id.min'='1',"
                + " 'fields.id.max'='1000000000')");
    }

    @Test
    void rowsArriveWhileTheJobRunsAndAreTheCommittedResult() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            List<String> streamed = new ArrayList<>();
            String stateAtFirstRow;
            long started = System.nanoTime();
            long firstRowNanos;
            String queryId;
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM slow")) {
                queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                assertThat(rows.next()).isTrue();
                firstRowNanos = System.nanoTime() - started;
                stateAtFirstRow = status(queryId);
                streamed.add(rows.getLong(1) + ":" + rows.getString(2));
                while (rows.next()) {
                    streamed.add(rows.getLong(1) + ":" + rows.getString(2));
                }
            }
            long totalNanos = System.nanoTime() - started;
            assertThat(stateAtFirstRow).contains("\"state\":\"RUNNING\"");
            // the source takes ten seconds; the first row is served long before its last (the first query
            // may also wait for a cluster process, so the share of the whole is not the measure)
            assertThat(Duration.ofNanos(totalNanos - firstRowNanos)).isGreaterThan(Duration.ofSeconds(4));
            assertThat(streamed).hasSize(SLOW_ROWS);
            assertThat(scan(statement, queryId)).isEqualTo(streamed);
        }
    }

    @Test
    void anOrderedQueryStreamsInItsOrder() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT id, CHAR_LENGTH(name) FROM slow ORDER BY id DESC")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    assertThat(rows.getInt(2)).isEqualTo(100);
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long id = SLOW_ROWS; id >= 1; id--) {
                expected.add(id);
            }
            assertThat(ids).isEqualTo(expected);
        }
    }

    @Test
    void aScanOfARunningQueryStreamsToo() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement();
                Connection other = gateway.connect(); Statement scanning = other.createStatement()) {
            createTables(statement);
            try (ResultSet owned = statement.executeQuery("SELECT id FROM slow")) {
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                List<String> scanned = new ArrayList<>();
                try (ResultSet rows = scanning.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(status(queryId)).contains("\"state\":\"RUNNING\"");
                    scanned.add(rows.getString(1));
                    while (rows.next()) {
                        scanned.add(rows.getString(1));
                    }
                }
                List<String> read = new ArrayList<>();
                while (owned.next()) {
                    read.add(owned.getString(1));
                }
                assertThat(scanned).hasSize(SLOW_ROWS).isEqualTo(read);
            }
        }
    }

    @Test
    void aFailureAfterRowsWereServedIsRaisedByTheNextFetch() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            // fails after about 15 s of rows: time enough to serve some even on a loaded machine
            statement.execute("CREATE TEMPORARY TABLE failing (id BIGINT) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='40000', 'rows-per-second'='2000', 'fields.id.kind'='sequence',"
                    + " 'fields.id.start'='1', 'fields.id.end'='40000')");
            List<Long> served = new ArrayList<>();
            assertThatThrownBy(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT id, CAST(CASE WHEN id < 30000 THEN CAST(id AS STRING)"
                        + " ELSE 'not a number' END AS INT) FROM failing")) {
                    while (rows.next()) {
                        served.add(rows.getLong(1));
                    }
                }
            }).isInstanceOfSatisfying(SQLException.class, error -> {
                assertThat(error.getSQLState()).isEqualTo("22000");
                assertThat(error.getMessage()).contains("not a number");
            });
            assertThat(served).as("rows served before the failure").isNotEmpty().hasSizeLessThan(30_000);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(status(queryId)).contains("\"state\":\"FAILED\"");
        }
    }

    @Test
    void aPreviewEndsItsJobAsFinished() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            statement.setMaxRows(200);
            List<String> preview = read(statement.executeQuery("SELECT id, name FROM endless"));
            assertThat(preview).hasSize(200);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertFinishedWithoutCluster(queryId, 200);
            statement.setMaxRows(0);
            assertThat(scan(statement, queryId)).isEqualTo(preview);
        }
    }

    @Test
    void aTopLevelLimitEndsItsJobAsFinished() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createTables(statement);
            // LIMIT n OFFSET m: the planner splits it into a local and a global limit, an exchange between them
            for (String sql : List.of("SELECT * FROM endless LIMIT 10", "SELECT id, name FROM endless LIMIT 10",
                    "SELECT id, name FROM endless LIMIT 10 OFFSET 5")) {
                List<String> limited = read(statement.executeQuery(sql));
                assertThat(limited).as(sql).hasSize(10);
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                assertFinishedWithoutCluster(queryId, 10);
                assertThat(scan(statement, queryId)).as(sql).isEqualTo(limited);
            }
        }
    }

    @Test
    void aJobWiderThanItsClusterStillRunsToTheRightAnswer() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            // four subtasks per operator on a cluster of two slots: the job runs region by region
            statement.execute("SET 'parallelism.default' = '4'");
            statement.execute("CREATE TEMPORARY TABLE numbers (id BIGINT) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='3000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='3000')");
            List<String> groups = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT id % 3, COUNT(*), SUM(id) FROM numbers GROUP BY id % 3 ORDER BY 1")) {
                while (rows.next()) {
                    groups.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong(3));
                }
            }
            assertThat(groups).containsExactly("0:1000:1501500", "1:1000:1499500", "2:1000:1500500");
        }
    }

    /**
     * Joins whose plans broadcast a side, which hung on the default scheduler (README, Limitations), end
     * and answer as Flink does.
     */
    @Test
    void joinsThatBroadcastEndAndAnswerAsFlinkItself() throws Exception {
        List<String> joins = List.of(
                "SELECT n.n_name, COUNT(*) FROM samples.tpch.customer c"
                        + " JOIN samples.tpch.nation n ON n.n_nationkey = c.c_nationkey GROUP BY n.n_name ORDER BY n.n_name",
                "SELECT COUNT(*) FROM samples.tpch.customer"
                        + " WHERE c_acctbal > (SELECT AVG(c_acctbal) FROM samples.tpch.customer)",
                "SELECT n.n_name, r.r_name FROM samples.tpch.nation n"
                        + " JOIN samples.tpch.region r ON n.n_regionkey < r.r_regionkey ORDER BY 1, 2");
        List<List<String>> answers = new ArrayList<>();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            for (String join : joins) {
                try (ResultSet plan = statement.executeQuery("EXPLAIN " + join)) {
                    assertThat(plan.next()).isTrue();
                    assertThat(plan.getString(1)).as(join).contains("distribution=[broadcast]");
                }
                answers.add(FlinkOracle.jdbcRows(statement, join));
            }
        }
        try (FlinkOracle oracle = FlinkOracle.start(List.of("CREATE CATALOG samples WITH ('type' = 'flinkgw-samples')"))) {
            for (int i = 0; i < joins.size(); i++) {
                assertThat(answers.get(i)).as(joins.get(i)).isNotEmpty().containsExactlyElementsOf(oracle.rows(joins.get(i)));
            }
        }
    }

    @Test
    void aPreparedPreviewEndsItsJobAsFinished() throws Exception {
        try (Connection connection = gateway.connect()) {
            try (Statement statement = connection.createStatement()) {
                createTables(statement);
            }
            try (PreparedStatement prepared = connection.prepareStatement("SELECT id, name FROM endless WHERE id > ?")) {
                prepared.setMaxRows(50);
                prepared.setLong(1, 7);
                List<String> preview = read(prepared.executeQuery());
                assertThat(preview).hasSize(50);
                String queryId = prepared.unwrap(FlinkgwStatement.class).getQueryId();
                assertFinishedWithoutCluster(queryId, 50);
            }
        }
    }

    private static void assertFinishedWithoutCluster(String queryId, int rows) throws Exception {
        assertThat(Conditions.await(() -> status(queryId), status -> !status.contains("\"state\":\"RUNNING\""),
                Duration.ofSeconds(60))).contains("\"state\":\"FINISHED\"").contains("\"rowCount\":\"" + rows + "\"");
        // the test's queries run one at a time: once this one's cluster is gone, none runs
        assertThat(Conditions.await(() -> get("/metrics"), metrics -> metrics.contains("\"runningClusters\":0"),
                Duration.ofSeconds(60))).contains("\"runningClusters\":0");
    }

    private static List<String> scan(Statement statement, String queryId) throws SQLException {
        return read(statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')"));
    }

    private static List<String> read(ResultSet result) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (result) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder(result.getString(1));
                for (int column = 2; column <= columns; column++) {
                    row.append(':').append(result.getString(column));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String status(String queryId) throws Exception {
        return get("/flinkgw/v1/query?id=" + queryId);
    }

    private static String get(String path) throws Exception {
        String base = gateway.url().replace("jdbc:flinkgw:", "http:");
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
