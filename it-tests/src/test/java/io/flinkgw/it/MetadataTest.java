package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog tree a tool shows: catalogs, schemas (Flink databases), tables, columns, types. */
class MetadataTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = TestGateway.start(directory);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void catalogTreeMatchesWhatWasCreated() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, price DECIMAL(10, 2), note STRING COMMENT 'free text')"
                    + " WITH ('connector'='datagen', 'number-of-rows'='10')");
            statement.execute("CREATE VIEW cheap AS SELECT id FROM orders WHERE price < 10");
            DatabaseMetaData metaData = connection.getMetaData();

            assertThat(column(metaData.getCatalogs(), "TABLE_CAT")).containsExactly("default_catalog");
            try (ResultSet schemas = metaData.getSchemas("default_catalog", "%")) {
                assertThat(schemas.next()).isTrue();
                assertThat(schemas.getString("TABLE_SCHEM")).isEqualTo("default_database");
                assertThat(schemas.getString("TABLE_CATALOG")).isEqualTo("default_catalog");
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metaData.getTables("default_catalog", "default_database", "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME") + ":" + rows.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactly("cheap:VIEW", "orders:TABLE");
            assertThat(column(metaData.getTables(null, null, "ord%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .containsExactly("orders");

            try (ResultSet columns = metaData.getColumns(null, null, "orders", "%")) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("COLUMN_NAME")).isEqualTo("id");
                assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.BIGINT);
                assertThat(columns.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
                assertThat(columns.getInt("ORDINAL_POSITION")).isEqualTo(1);
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("TYPE_NAME")).isEqualTo("DECIMAL");
                assertThat(columns.getInt("COLUMN_SIZE")).isEqualTo(10);
                assertThat(columns.getInt("DECIMAL_DIGITS")).isEqualTo(2);
                assertThat(columns.next()).isTrue();
                assertThat(columns.getString("REMARKS")).isEqualTo("free text");
                assertThat(columns.getString("IS_NULLABLE")).isEqualTo("YES");
                assertThat(columns.next()).isFalse();
            }
            assertThat(column(metaData.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE", "VIEW");
            assertThat(column(metaData.getTypeInfo(), "TYPE_NAME")).contains("BIGINT", "DECIMAL", "STRING", "TIMESTAMP");
        }
    }

    private static List<String> column(ResultSet rows, String name) throws Exception {
        List<String> values = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                values.add(rows.getString(name));
            }
        }
        return values;
    }
}
