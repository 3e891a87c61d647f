package io.flinkgw.it.coverage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Flink itself, in the test's JVM: a plain batch {@code TableEnvironment} on one MiniCluster of its
 * own, whose rows are what the gateway must answer. Rows of both sides are given as canonical text
 * ({@link CanonicalValues}), one string per row.
 */
public final class FlinkOracle implements AutoCloseable {

    private final MiniCluster cluster;
    private final TableEnvironment environment;

    private FlinkOracle(MiniCluster cluster, TableEnvironment environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    /** Starts the oracle's cluster and runs {@code setup} in its session. */
    public static FlinkOracle start(List<String> setup) throws Exception {
        Configuration clusterConfiguration = new Configuration();
        clusterConfiguration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        clusterConfiguration.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfiguration).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        try {
            Configuration configuration = new Configuration();
            configuration.set(DeploymentOptions.TARGET, "remote");
            configuration.set(RestOptions.ADDRESS, "127.0.0.1");
            configuration.set(RestOptions.PORT, cluster.getRestAddress().get().getPort());
            TableEnvironment environment = TableEnvironment.create(
                    EnvironmentSettings.newInstance().inBatchMode().withConfiguration(configuration).build());
            for (String sql : setup) {
                environment.executeSql(sql);
            }
            return new FlinkOracle(cluster, environment);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The rows Flink answers; throws when Flink refuses or fails the query. */
    public List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = environment.executeSql(sql).collect()) {
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

    /** The rows a JDBC statement answers, in the same canonical text. */
    public static List<String> jdbcRows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
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

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
