package io.flinkgw.it.coverage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * ({@link CanonicalValues}), one string per row. The environment is created and used on one thread of
 * the oracle's own, as its planner keeps per-thread state (Calcite's metadata handlers), whichever
 * thread asks (JUnit runs lifecycle methods and tests on threads of their own).
 */
public final class FlinkOracle implements AutoCloseable {

    private final MiniCluster cluster;
    private final ExecutorService thread;
    private final TableEnvironment environment;

    private FlinkOracle(MiniCluster cluster, ExecutorService thread, TableEnvironment environment) {
        this.cluster = cluster;
        this.thread = thread;
        this.environment = environment;
    }

    /** Starts the oracle's cluster and runs {@code setup} in its session. */
    public static FlinkOracle start(List<String> setup) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread oracle = new Thread(runnable, "flink-oracle");
            oracle.setDaemon(true);
            return oracle;
        });
        try {
            return onThread(thread, () -> start(setup, thread));
        } catch (Exception | Error e) {
            thread.shutdownNow();
            throw e;
        }
    }

    private static FlinkOracle start(List<String> setup, ExecutorService thread) throws Exception {
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
            return new FlinkOracle(cluster, thread, environment);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The rows Flink answers; throws when Flink refuses or fails the query. */
    public List<String> rows(String sql) throws Exception {
        return onThread(thread, () -> collect(sql));
    }

    /** Runs {@code task} on the oracle's thread; its failure is rethrown as it is. */
    private static <T> T onThread(ExecutorService thread, Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private List<String> collect(String sql) throws Exception {
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
        try {
            cluster.close();
        } finally {
            thread.shutdownNow();
        }
    }
}
