package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.config.YarnWarmOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deployment.yarn.warm-applications}: a query runs on an application deployed before it existed,
 * which then ends like any query's application (status after teardown from YARN) and is replaced; a
 * stopping gateway kills the spare still waiting. Real MiniYARNCluster, through DriverManager.
 */
class YarnWarmApplicationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir Path directory;

    @Test
    void aQueryRunsOnAWarmApplicationThatThenEndsAndIsReplaced() throws Exception {
        try (YarnTestCluster yarn = YarnTestCluster.start(directory.resolve("yarn"))) {
            try {
                runsOnASpare(yarn);
            } catch (Exception | AssertionError e) {
                yarn.printContainerLogs(200);
                throw e;
            }
        }
    }

    private void runsOnASpare(YarnTestCluster yarn) throws Exception {
        Configuration configuration = YarnApplicationTest.yarnGatewayConfiguration(yarn);
        configuration.set(YarnWarmOptions.WARM_APPLICATIONS, 1);
        try (TestGateway gateway = TestGateway.start(directory.resolve("gateway"), configuration)) {
            ApplicationReport spare = yarn.awaitRunningSpare(Set.of(), TIMEOUT);
            // running on YARN before the gateway has it among its spares: the query must find it there
            assertThat(Conditions.await(() -> gateway.get("/metrics"), metrics -> metrics.contains("\"spareClusters\":1"), TIMEOUT))
                    .contains("\"spareClusters\":1");
            String queryId;
            List<String> actual = new ArrayList<>();
            try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
                QueryPathTest.createTables(statement);
                try (ResultSet rows = statement.executeQuery(QueryPathTest.JOIN_GROUP_ORDER)) {
                    queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                    while (rows.next()) {
                        actual.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong("total"));
                    }
                }
            }
            assertThat(actual).containsExactlyElementsOf(QueryPathTest.expectedJoinGroupOrder());
            assertThat(yarn.applicationOf(queryId)).as("no application of its own was deployed").isEmpty();

            ApplicationReport ended = yarn.awaitApplication(spare.getApplicationId(),
                    report -> report.getYarnApplicationState() == YarnApplicationState.FINISHED, TIMEOUT);
            assertThat(ended.getFinalApplicationStatus()).as("the spare ran the query and ended").isEqualTo(FinalApplicationStatus.SUCCEEDED);
            assertThat(gateway.get("/flinkgw/v1/query?id=" + queryId))
                    .contains("\"state\":\"FINISHED\"")
                    .contains(spare.getApplicationId().toString());

            ApplicationReport replacement = yarn.awaitRunningSpare(Set.of(spare.getApplicationId()), TIMEOUT);
            assertThat(replacement.getApplicationId()).isNotEqualTo(spare.getApplicationId());
        }
        assertThat(yarn.spares(EnumSet.of(YarnApplicationState.RUNNING, YarnApplicationState.ACCEPTED)))
                .as("a stopping gateway kills the spare still waiting").isEmpty();
        assertThat(yarn.liveApplications()).as("no application outlives the gateway's queries").isEmpty();
    }
}
