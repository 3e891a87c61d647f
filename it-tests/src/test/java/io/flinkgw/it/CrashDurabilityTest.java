package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.query.JdbcJobStore;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.query.QueryState;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed outright (SIGKILL) right after telling a client a query id or that a query
 * finished: after a restart both are still known, and the finished result is served whole; and one
 * killed after submitting a job but before recording it as running leaves a query that the next
 * gateway settles from what the job committed.
 */
class CrashDurabilityTest {

    private static final int ROWS = 500;
    private static final String CREATE_NUMBERS = "CREATE TEMPORARY TABLE numbers (id BIGINT) WITH ('connector'='datagen',"
            + " 'number-of-rows'='" + ROWS + "', 'rows-per-second'='1000000000', 'fields.id.kind'='sequence',"
            + " 'fields.id.start'='1', 'fields.id.end'='" + ROWS + "')";

    @TempDir Path directory;

    @Test
    void queryIdsAndFinishedResultsSurviveAKillNineRightAfterTheClientLearnsThem() throws Exception {
        Map<String, String> settings = settings();
        String finishedId = null;
        String runningId = null;
        try (GatewayProcess gateway = GatewayProcess.start(settings, directory.resolve("killed.log"))) {
            try (Connection connection = connect(gateway.url());
                    Statement statement = connection.createStatement()) {
                statement.execute(CREATE_NUMBERS);
                statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='1000000',"
                        + " 'rows-per-second'='1', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                        + " 'fields.id.end'='1000000')");
                assertThat(count(statement, "SELECT id FROM numbers")).isEqualTo(ROWS);
                finishedId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                // H2 writes a commit at once only when its last write is 500 ms old: this insert follows
                // the FINISHED commit closely enough to wait, unless the job store commits durably
                try (Statement slowStatement = connection.createStatement()) {
                    slowStatement.executeQuery("SELECT id FROM slow");
                    runningId = slowStatement.unwrap(FlinkgwStatement.class).getQueryId();
                    gateway.kill(); // the moment the client holds the id
                }
            } catch (SQLException closingOnADeadGateway) {
                // closing the connection fails once the gateway is gone; the ids were taken before
                assertThat(gateway.isAlive()).isFalse();
            }
        }
        assertThat(finishedId).isNotNull();
        assertThat(runningId).isNotNull();
        // what the killed gateway left in its job store, before a new gateway reconciles anything
        try (JdbcJobStore jobStore = JdbcJobStore.create(jobStoreUrl(), "sa", "", Clock.systemUTC())) {
            assertThat(jobStore.find(finishedId)).map(QueryRecord::state).contains(QueryState.FINISHED);
            assertThat(jobStore.find(runningId)).isPresent();
        }
        try (GatewayProcess restarted = GatewayProcess.start(settings, directory.resolve("restarted.log"));
                Connection connection = connect(restarted.url());
                Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT * FROM RESULT_SCAN('" + finishedId + "')")).isEqualTo(ROWS);
            // the query still running on its cluster process (or ended with it) is known, not unknown (42704)
            String scanOfTheRunningQuery = "SELECT * FROM RESULT_SCAN('" + runningId + "')";
            assertThatThrownBy(() -> count(statement, scanOfTheRunningQuery))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isNotEqualTo("42704"));
        }
        ClusterProcesses.assertNoneLeft(directory);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aQueryWhoseGatewayDiedBeforeRecordingItRunningIsSettledFromWhatItsJobCommitted() throws Exception {
        Map<String, String> settings = settings();
        String queryId;
        try (GatewayProcess gateway = GatewayProcess.start(settings, directory.resolve("killed.log"))) {
            try (Connection connection = connect(gateway.url());
                    Statement statement = connection.createStatement()) {
                statement.execute(CREATE_NUMBERS);
                assertThat(count(statement, "SELECT id FROM numbers")).isEqualTo(ROWS);
                queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            }
            gateway.kill();
        }
        // the record as a gateway killed between submitting the job and recording it RUNNING leaves it
        try (Connection jobStore = DriverManager.getConnection(jobStoreUrl(), "sa", "");
                PreparedStatement rewind = jobStore.prepareStatement("UPDATE flinkgw_query SET state = 'SUBMITTED',"
                        + " flink_job_id = NULL, cluster_id = NULL, row_count = NULL WHERE query_id = ?")) {
            rewind.setString(1, queryId);
            assertThat(rewind.executeUpdate()).isEqualTo(1);
        }
        try (GatewayProcess restarted = GatewayProcess.start(settings, directory.resolve("restarted.log"));
                Connection connection = connect(restarted.url());
                Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT * FROM RESULT_SCAN('" + queryId + "')")).isEqualTo(ROWS);
            assertThat(restarted.get("/flinkgw/v1/query?id=" + queryId).body()).contains("\"state\":\"FINISHED\"", "\"rowCount\":\"" + ROWS + "\"");
        }
        ClusterProcesses.assertNoneLeft(directory);
    }

    private Map<String, String> settings() {
        return Map.of(
                "gateway.port", "0",
                "gateway.bind-address", "127.0.0.1",
                "result-store.root", directory.resolve("results").toString(),
                // a user-given H2 URL without WRITE_DELAY: the gateway must make it durable itself
                "job-store.url", jobStoreUrl(),
                "fetch.long-poll-timeout", "1 ms");
    }

    private String jobStoreUrl() {
        return "jdbc:h2:file:" + directory.resolve("jobstore/flinkgw");
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "tester");
        return DriverManager.getConnection(url, properties);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        long rows = 0;
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows++;
            }
        }
        return rows;
    }
}
