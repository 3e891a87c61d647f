package io.flinkgw.gateway.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The samples catalog as Flink sees it: its tables, its refusals, and its rows read in parallel. */
class SamplesCatalogTest {

    private final SamplesCatalog catalog = new SamplesCatalog("samples");

    @Test
    void listsTheTpchTablesWithCommentsAndTheConnector() throws Exception {
        assertThat(catalog.listDatabases()).containsExactly("tpch");
        assertThat(catalog.listTables("tpch")).containsExactly("region", "nation", "customer", "orders", "lineitem");
        CatalogBaseTable orders = catalog.getTable(new ObjectPath("tpch", "orders"));
        assertThat(orders.getComment()).contains("TPC-H ORDERS");
        assertThat(orders.getOptions()).containsEntry("connector", "flinkgw-samples").containsEntry("table", "orders");
        assertThat(orders.getUnresolvedSchema().getPrimaryKey()).isPresent();
        assertThatThrownBy(() -> catalog.getTable(new ObjectPath("tpch", "part"))).isInstanceOf(TableNotExistException.class);
        assertThat(catalog.tableExists(new ObjectPath("other", "orders"))).isFalse();
        assertThat(catalog.getTableStatistics(new ObjectPath("tpch", "lineitem")).getRowCount())
                .isEqualTo(TpchRowsTest.LINEITEM_ROWS);
    }

    @Test
    void everyChangeIsRefusedAsReadOnlyWithAnAccessDeniedCode() {
        ObjectPath region = new ObjectPath("tpch", "region");
        CatalogBaseTable table = SampleTable.REGION.catalogTable();
        List<Runnable> changes = List.of(
                () -> catalog.createDatabase("mine", new CatalogDatabaseImpl(Map.of(), ""), true),
                () -> catalog.dropDatabase("tpch", true, true),
                () -> catalog.createTable(new ObjectPath("tpch", "mine"), table, true),
                () -> catalog.dropTable(region, true),
                () -> catalog.renameTable(region, "regions", true),
                () -> catalog.alterTable(region, table, true),
                () -> catalog.dropFunction(new ObjectPath("tpch", "f"), true));
        for (Runnable change : changes) {
            assertThatThrownBy(change::run)
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("samples catalog is read-only")
                    .cause().isInstanceOfSatisfying(GatewayException.class,
                            cause -> assertThat(cause.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED));
        }
    }

    @Test
    void theCatalogFactoryMakesOneFromSql() throws Exception {
        TableEnvironment environment = batch(1);
        environment.executeSql("CREATE CATALOG mine WITH ('type' = 'flinkgw-samples')");
        assertThat(rows(environment, "SELECT r_name FROM mine.tpch.region ORDER BY r_regionkey"))
                .containsExactly("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
    }

    /** The same aggregates whether one subtask reads everything or four read a split each. */
    @Test
    void readsTheSameRowsAtAnyParallelism() throws Exception {
        String sql = "SELECT COUNT(*), SUM(l_extendedprice), SUM(l_orderkey * 10 + l_linenumber),"
                + " COUNT(DISTINCT l_orderkey), MAX(l_comment) FROM samples.tpch.lineitem";
        List<String> serial = rows(registered(batch(1)), sql);
        List<String> parallel = rows(registered(batch(4)), sql);
        assertThat(parallel).isEqualTo(serial);
        TpchRows expected = new TpchRows();
        BigDecimal sum = BigDecimal.ZERO;
        for (long index = 0; index < expected.rowCount(SampleTable.LINEITEM); index++) {
            sum = sum.add((BigDecimal) expected.row(SampleTable.LINEITEM, index)[3]);
        }
        assertThat(serial.get(0)).startsWith(TpchRowsTest.LINEITEM_ROWS + ", " + sum + ", ");
    }

    @Test
    void writingIsRefusedAsReadOnly() {
        TableEnvironment environment = registered(batch(1));
        assertThatThrownBy(() -> environment.executeSql(
                        "INSERT INTO samples.tpch.region VALUES (5, 'ANTARCTICA', 'cold')").await())
                .hasStackTraceContaining("is read-only");
    }

    private static TableEnvironment batch(int parallelism) {
        Configuration configuration = new Configuration();
        configuration.setString("parallelism.default", String.valueOf(parallelism));
        return TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(configuration).build());
    }

    private static TableEnvironment registered(TableEnvironment environment) {
        environment.registerCatalog(SamplesCatalog.NAME, new SamplesCatalog(SamplesCatalog.NAME));
        return environment;
    }

    private static List<String> rows(TableEnvironment environment, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = environment.executeSql(sql).collect()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    values.add(String.valueOf(row.getField(i)));
                }
                rows.add(String.join(", ", values));
            }
        }
        return rows;
    }
}
