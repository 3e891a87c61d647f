package io.flinkgw.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.query.JdbcJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent catalog keeps what Flink's own DDL makes, as Flink shows it, across environments. */
class StoredCatalogTest {

    @TempDir Path directory;
    private JdbcJobStore store;

    @BeforeEach
    void open() {
        store = JdbcJobStore.create("jdbc:h2:file:" + directory.resolve("jobstore"), "sa", "", Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tablesViewsFunctionsAndDatabasesAreKeptAsFlinkDefinedThem() throws Exception {
        TableEnvironment first = environment();
        first.executeSql("CREATE DATABASE sales COMMENT 'what we sold' WITH ('owner'='ops')");
        first.executeSql("CREATE TABLE sales.orders (id BIGINT NOT NULL, amount DECIMAL(10, 2), placed TIMESTAMP(3),"
                + " doubled AS amount * 2, region STRING, WATERMARK FOR placed AS placed - INTERVAL '5' SECOND,"
                + " PRIMARY KEY (id) NOT ENFORCED) COMMENT 'orders' PARTITIONED BY (region)"
                + " WITH ('connector'='filesystem', 'path'='/tmp/none', 'format'='csv')");
        first.executeSql("CREATE VIEW sales.big AS SELECT id, amount FROM sales.orders WHERE amount > 100");
        first.executeSql("CREATE FUNCTION sales.twice AS '" + Twice.class.getName() + "'");
        String table = showCreate(first, "SHOW CREATE TABLE sales.orders");
        String view = showCreate(first, "SHOW CREATE VIEW sales.big");

        // another session, as after a restart: a new environment over the same database
        TableEnvironment second = environment();
        assertThat(showCreate(second, "SHOW CREATE TABLE sales.orders")).isEqualTo(table);
        assertThat(showCreate(second, "SHOW CREATE VIEW sales.big")).isEqualTo(view);
        assertThat(rows(second, "SHOW DATABASES")).containsExactly("default_database", "sales");
        assertThat(rows(second, "SHOW TABLES IN sales")).containsExactly("big", "orders");
        assertThat(rows(second, "SHOW VIEWS IN sales")).containsExactly("big");
        assertThat(rows(second, "SHOW USER FUNCTIONS IN sales")).contains("twice");
        assertThat(rows(second, "SELECT sales.twice(21)")).containsExactly("42");
        assertThat(second.getCatalog("default_catalog").orElseThrow().getDatabase("sales").getComment())
                .isEqualTo("what we sold");

        second.executeSql("ALTER TABLE sales.orders RENAME TO purchases");
        assertThat(rows(first, "SHOW TABLES IN sales")).containsExactly("big", "purchases");
        assertThatThrownBy(() -> first.executeSql("DROP DATABASE sales")).hasStackTraceContaining("is not empty");
        first.executeSql("DROP DATABASE sales CASCADE");
        assertThat(rows(second, "SHOW DATABASES")).containsExactly("default_database");
        assertThatThrownBy(() -> first.executeSql("DROP DATABASE default_database"))
                .hasStackTraceContaining("currently in use");
    }

    @Test
    void aNameIsTakenOnceAndThePartitionsAreTheConnectors() throws Exception {
        TableEnvironment first = environment();
        TableEnvironment second = environment();
        first.executeSql("CREATE TABLE t (a INT) WITH ('connector'='datagen')");
        assertThatThrownBy(() -> second.executeSql("CREATE TABLE t (b INT) WITH ('connector'='datagen')"))
                .hasStackTraceContaining("already exists");
        second.executeSql("CREATE TABLE IF NOT EXISTS t (b INT) WITH ('connector'='datagen')");
        assertThat(rows(first, "DESCRIBE t")).hasSize(1).first().asString().startsWith("a,");
        assertThatThrownBy(() -> first.executeSql("CREATE VIEW t AS SELECT 1")).hasStackTraceContaining("already exists");
        assertThatThrownBy(() -> first.executeSql("SHOW PARTITIONS t")).hasStackTraceContaining("not partitioned");
    }

    private TableEnvironment environment() {
        SessionCatalogs catalogs = new SessionCatalogs(store.dataSource(), java.util.Map.of(), "default_catalog",
                java.util.Set.of(), true, java.util.Optional.empty());
        SessionCatalogs.Attached attached = catalogs.attach("tester");
        TableEnvironment environment = TableEnvironment.create(attached.configure(EnvironmentSettings.newInstance().inBatchMode()).build());
        attached.install(environment);
        return environment;
    }

    private static String showCreate(TableEnvironment environment, String sql) throws Exception {
        return String.join("\n", rows(environment, sql));
    }

    private static List<String> rows(TableEnvironment environment, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = environment.executeSql(sql).collect()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(String.valueOf(row.getField(i)));
                }
                rows.add(String.join(",", fields));
            }
        }
        return rows;
    }

    /** A user function kept by class name. */
    public static final class Twice extends org.apache.flink.table.functions.ScalarFunction {
        public int eval(int value) {
            return value * 2;
        }
    }
}
