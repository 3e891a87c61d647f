package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.it.coverage.FlinkOracle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in, read-only {@code samples} catalog as a user meets it right after starting the gateway:
 * browsed through DatabaseMetaData, joined without any DDL, the same rows every time, writes refused.
 */
// a query that never ends (a broadcast join once did on the default scheduler) fails the test, not the build
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SamplesTest extends SharedGatewayTest {

    /** The README's example: revenue per region and nation in 1994. */
    static final String REVENUE_BY_NATION = String.join("\n",
            "SELECT r.r_name AS region, n.n_name AS nation,",
            "       SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue,",
            "       COUNT(DISTINCT o.o_orderkey) AS orders",
            "FROM samples.tpch.customer c",
            "JOIN samples.tpch.orders o ON o.o_custkey = c.c_custkey",
            "JOIN samples.tpch.lineitem l ON l.l_orderkey = o.o_orderkey",
            "JOIN samples.tpch.nation n ON n.n_nationkey = c.c_nationkey",
            "JOIN samples.tpch.region r ON r.r_regionkey = n.n_regionkey",
            "WHERE o.o_orderdate >= DATE '1994-01-01' AND o.o_orderdate < DATE '1995-01-01'",
            "GROUP BY r.r_name, n.n_name",
            "ORDER BY revenue DESC, nation");

    /** The row counts the README documents. */
    static final Map<String, Long> ROW_COUNTS = rowCounts();

    private static Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("region", 5L);
        counts.put("nation", 25L);
        counts.put("customer", 750L);
        counts.put("orders", 7_500L);
        counts.put("lineitem", 29_814L);
        return counts;
    }

    @Test
    void samplesAreBrowsableAsCatalogSchemaTablesAndTypedColumns() throws Exception {
        try (Connection connection = gateway.connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(column(metaData.getCatalogs(), "TABLE_CAT")).contains("default_catalog", "samples");
            assertThat(column(metaData.getSchemas("samples", null), "TABLE_SCHEM")).containsExactly("tpch");
            Map<String, String> tables = new LinkedHashMap<>();
            try (ResultSet rows = metaData.getTables("samples", "tpch", "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.put(rows.getString("TABLE_NAME"), rows.getString("REMARKS"));
                }
            }
            assertThat(tables).containsOnlyKeys("customer", "lineitem", "nation", "orders", "region");
            assertThat(tables.get("lineitem")).contains("TPC-H LINEITEM");

            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rows = metaData.getColumns("samples", "tpch", "lineitem", "%")) {
                while (rows.next()) {
                    assertThat(rows.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
                    assertThat(rows.getString("REMARKS")).isNotBlank();
                    columns.put(rows.getString("COLUMN_NAME"), rows.getInt("DATA_TYPE") + " " + rows.getString("TYPE_NAME")
                            + "(" + rows.getInt("COLUMN_SIZE") + "," + rows.getInt("DECIMAL_DIGITS") + ")");
                }
            }
            assertThat(columns).hasSize(14);
            assertThat(columns.keySet()).startsWith("l_orderkey", "l_linenumber", "l_quantity");
            assertThat(columns.get("l_orderkey")).startsWith(Types.BIGINT + " BIGINT");
            assertThat(columns.get("l_linenumber")).startsWith(Types.INTEGER + " INT");
            assertThat(columns.get("l_extendedprice")).isEqualTo(Types.DECIMAL + " DECIMAL(15,2)");
            assertThat(columns.get("l_shipdate")).startsWith(Types.DATE + " DATE");
            assertThat(columns.get("l_returnflag")).startsWith(Types.CHAR + " CHAR(1,");
            assertThat(columns.get("l_shipmode")).startsWith(Types.VARCHAR + " VARCHAR(10,");

            List<String> key = new ArrayList<>();
            try (ResultSet rows = metaData.getPrimaryKeys("samples", "tpch", "lineitem")) {
                while (rows.next()) {
                    key.add(rows.getString("COLUMN_NAME"));
                }
            }
            assertThat(key).containsExactly("l_orderkey", "l_linenumber");
        }
    }

    @Test
    void revenueByNationJoinAnswersAsFlinkItself() throws Exception {
        List<String> gatewayRows;
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            gatewayRows = FlinkOracle.jdbcRows(statement, REVENUE_BY_NATION);
        }
        try (FlinkOracle oracle = FlinkOracle.start(List.of("CREATE CATALOG samples WITH ('type' = 'flinkgw-samples')"))) {
            assertThat(gatewayRows).hasSize(25).containsExactlyElementsOf(oracle.rows(REVENUE_BY_NATION));
        }
    }

    /** One job: per table its row count, a sum over its keys and the largest text, so two runs compare cheaply. */
    @Test
    void rowsAreTheSameOnEveryRunAndCountsAreAsDocumented() throws Exception {
        String checksums = String.join("\n",
                "SELECT 'region' AS t, COUNT(*) AS n, SUM(r_regionkey) AS k, MAX(r_comment) AS c FROM samples.tpch.region",
                "UNION ALL SELECT 'nation', COUNT(*), SUM(n_regionkey * 100 + n_nationkey), MAX(n_comment)"
                        + " FROM samples.tpch.nation",
                "UNION ALL SELECT 'customer', COUNT(*), SUM(c_nationkey * c_custkey), MAX(c_address)"
                        + " FROM samples.tpch.customer",
                "UNION ALL SELECT 'orders', COUNT(*), SUM(o_custkey * o_orderkey), MAX(o_comment) FROM samples.tpch.orders",
                "UNION ALL SELECT 'lineitem', COUNT(*), SUM(l_orderkey * l_linenumber), MAX(l_comment)"
                        + " FROM samples.tpch.lineitem");
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            List<String> first = FlinkOracle.jdbcRows(statement, checksums);
            assertThat(FlinkOracle.jdbcRows(statement, checksums)).containsExactlyInAnyOrderElementsOf(first);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String row : first) {
                String[] values = row.split(" \\| ");
                counts.put(values[0].strip(), Long.parseLong(values[1]));
            }
            assertThat(counts).isEqualTo(ROW_COUNTS);
        }
    }

    @Test
    void writesIntoTheSamplesAreRefusedAsReadOnly() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertReadOnly(statement, "INSERT INTO samples.tpch.region VALUES (5, 'ANTARCTICA', 'cold')");
            assertReadOnly(statement, "CREATE TABLE samples.tpch.mine (id BIGINT) WITH ('connector'='datagen')");
            assertReadOnly(statement, "DROP TABLE samples.tpch.region");
            assertReadOnly(statement, "ALTER TABLE samples.tpch.region RENAME TO regions");
            assertReadOnly(statement, "CREATE DATABASE samples.mine");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM samples.tpch.region")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(5);
            }
        }
    }

    @Test
    void aSandboxWithoutTheSamplesConnectorRefusesThem(@TempDir Path own) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(GatewayOptions.SANDBOX_CONNECTORS, List.of("datagen"));
        try (TestGateway restricted = TestGateway.start(own, configuration);
                Connection connection = restricted.connect();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT COUNT(*) FROM samples.tpch.region"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("connector 'flinkgw-samples' is not allowed")
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42501"));
        }
    }

    private static void assertReadOnly(Statement statement, String sql) {
        assertThatThrownBy(() -> statement.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only")
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42501"));
    }

    private static List<String> column(ResultSet rows, String name) throws SQLException {
        List<String> values = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                values.add(rows.getString(name));
            }
        }
        return values;
    }
}
