package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production layout on a shared file system: HDFS (MiniDFSCluster) is YARN's default file system,
 * holds the runtime jars uploaded once ({@code yarn.provided.lib.dirs}) and the result root; the
 * application's containers write the result there and the gateway reads it through the same Flink
 * file-system abstraction.
 */
class YarnHdfsResultTest {

    @TempDir static Path directory;
    static MiniDFSCluster hdfs;
    static YarnTestCluster yarn;
    static TestGateway gateway;
    static String resultRoot;

    @BeforeAll
    static void start() throws Exception {
        HdfsConfiguration configuration = new HdfsConfiguration();
        configuration.setBoolean("dfs.permissions.enabled", false);
        configuration.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(configuration, directory.resolve("hdfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        String namenode = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        yarn = YarnTestCluster.start(directory.resolve("yarn"), namenode);
        resultRoot = namenode + "/flinkgw/results";
        // the production setup: the runtime jars uploaded once, then named by yarn.provided.lib.dirs
        hdfs.getFileSystem().copyFromLocalFile(
                new org.apache.hadoop.fs.Path(Path.of(System.getProperty("flinkgw.it.gateway-lib")).toUri()),
                new org.apache.hadoop.fs.Path("/flinkgw/lib"));
        Configuration gatewayConfiguration = YarnApplicationTest.yarnGatewayConfiguration(yarn);
        gatewayConfiguration.set(GatewayOptions.YARN_GATEWAY_TAG, "hdfs");
        gatewayConfiguration.set(GatewayOptions.RESULT_ROOT, resultRoot);
        gatewayConfiguration.set(GatewayOptions.YARN_STAGING_DIR, ""); // the home directory on HDFS
        gatewayConfiguration.setString("flink.yarn.provided.lib.dirs", namenode + "/flinkgw/lib");
        gateway = TestGateway.start(directory.resolve("gateway"), gatewayConfiguration);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (yarn != null) {
            yarn.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void resultIsWrittenToHdfsByTheApplicationAndServedFromThere() throws Exception {
        List<Long> ids = new ArrayList<>();
        String queryId;
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            try (ResultSet rows = statement.executeQuery("SELECT id FROM orders WHERE id % 100 = 0 ORDER BY id")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 100; id <= 1000; id += 100) {
            expected.add(id);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        FileSystem fileSystem = hdfs.getFileSystem();
        assertThat(fileSystem.exists(new org.apache.hadoop.fs.Path("/flinkgw/results/" + queryId + "/_manifest"))).isTrue();
        assertThat(fileSystem.listStatus(new org.apache.hadoop.fs.Path("/flinkgw/results/" + queryId + "/data"))).isNotEmpty();
        assertThat(Files.exists(directory.resolve("gateway/results"))).as("nothing is written locally").isFalse();
    }

    @Test
    void lakeWarehouseBesideAnHdfsResultStoreIsWrittenByTheApplications() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            statement.execute("CREATE DATABASE lake.on_hdfs");
            statement.execute("CREATE TABLE lake.on_hdfs.orders (id BIGINT, amount INT)");
            assertThat(statement.executeUpdate("INSERT INTO lake.on_hdfs.orders SELECT id, amount FROM orders WHERE id <= 10"))
                    .isEqualTo(10);
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(amount) FROM lake.on_hdfs.orders")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(10);
                assertThat(rows.getLong(2)).isEqualTo(55);
            }
        }
        assertThat(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/flinkgw/lake/on_hdfs.db/orders")))
                .as("the lake's default warehouse lies beside the result store, on HDFS").isTrue();
    }
}
