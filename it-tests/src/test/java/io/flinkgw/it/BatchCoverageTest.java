package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.it.coverage.CanonicalValues;
import io.flinkgw.it.coverage.CoverageCorpus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flink itself is the oracle: every query of the coverage corpus (temporary and permanent tables,
 * views and functions, group windows, window TVFs, grouping sets, set operations, UNNEST, OVER frames,
 * LIMIT/OFFSET, JSON, wide DECIMAL, nested types, sort-merge joins, NULLs) returns through
 * {@code DriverManager} exactly the rows a plain Flink {@code TableEnvironment} in this JVM collects,
 * and a query Flink refuses fails through the gateway too.
 */
class BatchCoverageTest extends SharedGatewayTest {

    private static MiniCluster oracleCluster;
    private static TableEnvironment oracle;
    private static Connection connection;

    @BeforeAll
    static void runSetup() throws Exception {
        // one cluster for all of the oracle's jobs (Flink's local executor would start one per job)
        Configuration clusterConfiguration = new Configuration();
        clusterConfiguration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        clusterConfiguration.set(RestOptions.BIND_PORT, "0");
        oracleCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfiguration).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        oracleCluster.start();
        Configuration oracleConfiguration = new Configuration();
        oracleConfiguration.set(DeploymentOptions.TARGET, "remote");
        oracleConfiguration.set(RestOptions.ADDRESS, "127.0.0.1");
        oracleConfiguration.set(RestOptions.PORT, oracleCluster.getRestAddress().get().getPort());
        oracle = TableEnvironment.create(
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(oracleConfiguration).build());
        connection = gateway.connect();
        try (Statement statement = connection.createStatement()) {
            for (String sql : CoverageCorpus.load().setup()) {
                oracle.executeSql(sql);
                statement.execute(sql);
            }
        }
    }

    @AfterAll
    static void closeConnection() throws Exception {
        connection.close();
        oracleCluster.close();
    }

    static Stream<CoverageCorpus.Query> queries() throws Exception {
        return CoverageCorpus.load().queries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersWhatFlinkAnswers(CoverageCorpus.Query query) throws Exception {
        List<String> expected;
        try {
            expected = oracleRows(query.sql());
        } catch (RuntimeException refused) {
            assertThatThrownBy(() -> gatewayRows(query.sql()))
                    .as("Flink refuses this query (%s): the gateway must fail too", refused.getMessage())
                    .isInstanceOf(SQLException.class);
            return;
        }
        List<String> actual = gatewayRows(query.sql());
        if (query.ordered()) {
            assertThat(actual).containsExactlyElementsOf(expected);
        } else {
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static List<String> oracleRows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = oracle.executeSql(sql).collect()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    values.add(CanonicalValues.of(row.getField(i)));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }

    private static List<String> gatewayRows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(CanonicalValues.of(result.getObject(i)));
                }
                rows.add(String.join(" | ", values));
            }
        }
        return rows;
    }
}
