package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every batch SELECT as a Flink application of its own on a real YARN (MiniYARNCluster), read
 * through DriverManager after the application and its JobManager are gone.
 */
class YarnApplicationTest {

    private static final Duration APPLICATION_TIMEOUT = Duration.ofMinutes(3);

    @TempDir static Path directory;
    static YarnTestCluster yarn;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        yarn = YarnTestCluster.start(directory.resolve("yarn"));
        gateway = TestGateway.start(directory.resolve("gateway"), yarnGatewayConfiguration(yarn));
    }

    static Configuration yarnGatewayConfiguration(YarnTestCluster yarn) {
        Configuration configuration = new Configuration();
        configuration.set(GatewayOptions.DEPLOYMENT_TARGET, GatewayOptions.DeploymentTarget.YARN_APPLICATION);
        configuration.set(GatewayOptions.YARN_CONF_DIR, yarn.confDir().toString());
        configuration.set(GatewayOptions.YARN_GATEWAY_TAG, "it");
        configuration.set(GatewayOptions.YARN_SHIP_FILES, List.of(System.getProperty("flinkgw.it.gateway-lib")));
        return configuration;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (yarn != null) {
            try {
                assertThat(yarn.liveApplications()).as("no application outlives its query").isEmpty();
            } finally {
                yarn.close();
            }
        }
    }

    @Test
    void joinGroupByOrderByIsReadAfterTheApplicationAndItsJobManagerAreGone() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            List<String> actual = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT c.id % 10 AS bucket, COUNT(*) AS cnt, SUM(o.amount) AS total "
                            + "FROM orders o JOIN customers c ON o.id % 100 + 1 = c.id "
                            + "GROUP BY c.id % 10 ORDER BY bucket DESC")) {
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                ApplicationReport report = yarn.awaitApplication(
                        queryId, app -> app.getYarnApplicationState() == YarnApplicationState.FINISHED, APPLICATION_TIMEOUT);
                assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
                assertThat(report.getName()).contains(queryId);
                assertThat(reachable(report.getHost(), report.getRpcPort()))
                        .as("the JobManager's REST endpoint %s:%s is gone", report.getHost(), report.getRpcPort())
                        .isFalse();
                while (rows.next()) {
                    actual.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong("total"));
                }
                String status = status(queryId);
                assertThat(status).contains("\"state\":\"FINISHED\"").contains(report.getApplicationId().toString());
            }
            Map<Long, long[]> expected = new TreeMap<>((left, right) -> Long.compare(right, left));
            for (long id = 1; id <= 1000; id++) {
                long[] bucket = expected.computeIfAbsent((id % 100 + 1) % 10, key -> new long[2]);
                bucket[0]++;
                bucket[1] += id;
            }
            List<String> wanted = new ArrayList<>();
            expected.forEach((bucket, values) -> wanted.add(bucket + ":" + values[0] + ":" + values[1]));
            assertThat(actual).containsExactlyElementsOf(wanted);
        }
    }

    static boolean reachable(String host, int port) {
        if (host == null || port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String status(String queryId) throws Exception {
        String base = gateway.url().replace("jdbc:flinkgw:", "http:");
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(base + "/flinkgw/v1/query?id=" + queryId)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

}
