package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with SIGKILL while two queries run leaves their cluster processes running: the
 * queries finish and commit, a gateway restarted on the same stores follows them and serves all their
 * rows, and their processes are gone afterwards.
 */
class ClusterProcessCrashTest {

    private static final int ROWS = 600;
    private static final Pattern CLUSTER_PID = Pattern.compile("\"clusterId\":\"local-process:([0-9]+):");

    @TempDir Path directory;

    @AfterEach
    void endLeftoverProcesses() {
        ClusterProcesses.killAll(directory);
    }

    @Test
    void queriesRunningAtAKillNineFinishAndTheRestartedGatewayServesAllTheirRows() throws Exception {
        Map<String, String> settings = Map.of(
                "gateway.port", "0",
                "gateway.bind-address", "127.0.0.1",
                "result-store.root", directory.resolve("results").toString(),
                "job-store.url", "jdbc:h2:file:" + directory.resolve("jobstore/flinkgw"),
                "fetch.long-poll-timeout", "200 ms",
                // a spare for each query: with one, the second query waited for a new spare for so long
                // (its start is delayed while the first query runs) that the first had ended by the kill
                "deployment.local.warm-clusters", "2");
        List<String> queryIds = new ArrayList<>();
        List<ProcessHandle> clusters = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(settings, directory.resolve("killed.log"))) {
            try (Connection first = connect(gateway.url()); Connection second = connect(gateway.url())) {
                for (Connection connection : List.of(first, second)) {
                    Statement statement = connection.createStatement();
                    // 40 rows a second: still running when the gateway is killed a few seconds later
                    statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='"
                            + ROWS + "', 'rows-per-second'='40', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                            + " 'fields.id.end'='" + ROWS + "')");
                    statement.executeQuery("SELECT id FROM slow");
                    queryIds.add(statement.unwrap(FlinkgwStatement.class).getQueryId());
                }
                for (String queryId : queryIds) {
                    String running = Conditions.await(() -> status(gateway, queryId),
                            status -> status.contains("\"state\":\"RUNNING\"") && CLUSTER_PID.matcher(status).find(),
                            Duration.ofMinutes(2));
                    assertThat(running).as("query %s", queryId).contains("\"state\":\"RUNNING\"");
                    clusters.add(ProcessHandle.of(clusterPid(running)).orElseThrow());
                }
                gateway.kill();
            } catch (SQLException closingOnADeadGateway) {
                assertThat(gateway.isAlive()).isFalse();
            }
        }
        assertThat(clusters).as("cluster processes outlive the killed gateway").allMatch(ProcessHandle::isAlive);

        try (GatewayProcess restarted = GatewayProcess.start(settings, directory.resolve("restarted.log"))) {
            for (String queryId : queryIds) {
                String finished = Conditions.await(() -> status(restarted, queryId),
                        status -> status.contains("\"state\":\"FINISHED\"") && status.contains("\"source\":\"job-store\"")
                                || status.contains("\"state\":\"FAILED\""),
                        Duration.ofMinutes(2));
                assertThat(finished).as("query %s after the restart", queryId).contains("\"state\":\"FINISHED\"");
                try (Connection connection = connect(restarted.url()); Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')")) {
                    long count = 0;
                    long sum = 0;
                    while (rows.next()) {
                        count++;
                        sum += rows.getLong(1);
                    }
                    assertThat(count).as("rows of %s", queryId).isEqualTo(ROWS);
                    assertThat(sum).as("every id of %s once", queryId).isEqualTo((long) ROWS * (ROWS + 1) / 2);
                }
            }
            for (ProcessHandle cluster : clusters) {
                assertThat(Conditions.await(cluster::isAlive, alive -> !alive, Duration.ofSeconds(60)))
                        .as("cluster process %d after its query", cluster.pid()).isFalse();
            }
        }
        ClusterProcesses.assertNoneLeft(directory);
    }

    private static long clusterPid(String status) {
        Matcher matcher = CLUSTER_PID.matcher(status);
        assertThat(matcher.find()).as("cluster id in %s", status).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String status(GatewayProcess gateway, String queryId) throws Exception {
        return gateway.get("/flinkgw/v1/query?id=" + queryId).body();
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "tester");
        return DriverManager.getConnection(url, properties);
    }
}
