package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog tree a tool shows: catalogs, schemas (Flink databases), tables, columns, types. */
class MetadataTest extends SharedGatewayTest {


    @Test
    void catalogTreeMatchesWhatWasCreated() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT NOT NULL, price DECIMAL(10, 2), note STRING COMMENT 'free text')"
                    + " WITH ('connector'='datagen', 'number-of-rows'='10')");
            statement.execute("CREATE VIEW cheap AS SELECT id FROM orders WHERE price < 10");
            DatabaseMetaData metaData = connection.getMetaData();

            // every session has the shared catalog, the built-in samples and lake, and its own session_catalog
            assertThat(column(metaData.getCatalogs(), "TABLE_CAT"))
                    .containsExactly("default_catalog", "lake", "samples", "session_catalog");
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
            // any catalog: the built-in samples have an orders table too
            assertThat(column(metaData.getTables(null, null, "ord%", new String[] {"TABLE"}), "TABLE_CAT"))
                    .containsExactly("default_catalog", "samples");

            try (ResultSet columns = metaData.getColumns("default_catalog", null, "orders", "%")) {
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

    /**
     * The calls DBeaver's generic driver makes when it connects and the user expands catalog → schema →
     * table → columns, and the tree it would show.
     */
    @Test
    void dbeaverGenericDriverTreeReplay() throws Exception {
        try (Connection connection = gateway.connect("dbeaver")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE shop");
                statement.execute("CREATE TABLE shop.items (sku STRING NOT NULL, qty INT, PRIMARY KEY (sku) NOT ENFORCED)"
                        + " WITH ('connector'='datagen', 'number-of-rows'='1')");
            }
            // on connect
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getDatabaseProductName()).isEqualTo("Apache Flink");
            assertThat(metaData.getDriverName()).contains("flinkgw");
            assertThat(metaData.getIdentifierQuoteString()).isEqualTo("`");
            assertThat(metaData.getCatalogSeparator()).isEqualTo(".");
            assertThat(metaData.getSQLKeywords()).isNotBlank();
            assertThat(metaData.supportsCatalogsInTableDefinitions()).isTrue();
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.isReadOnly()).isFalse();
            assertThat(connection.getCatalog()).isEqualTo("default_catalog");
            assertThat(connection.getSchema()).isEqualTo("default_database");
            assertThat(column(metaData.getTableTypes(), "TABLE_TYPE")).contains("TABLE", "VIEW");
            assertThat(column(metaData.getTypeInfo(), "TYPE_NAME")).isNotEmpty();
            // expanding the tree
            List<String> tree = new ArrayList<>();
            assertThat(column(metaData.getCatalogs(), "TABLE_CAT"))
                    .containsExactly("default_catalog", "lake", "samples", "session_catalog");
            // the user expands default_catalog (SamplesTest browses the samples, LakeTest the lake)
            for (String catalog : List.of("default_catalog")) {
                tree.add(catalog);
                for (String schema : column(metaData.getSchemas(catalog, null), "TABLE_SCHEM")) {
                    tree.add("  " + schema);
                    if (!schema.equals("shop")) {
                        continue; // the shared default_database holds what other tests made; the user expands shop
                    }
                    for (String table : column(metaData.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"}), "TABLE_NAME")) {
                        tree.add("    " + table);
                        for (String columnName : column(metaData.getColumns(catalog, schema, table, "%"), "COLUMN_NAME")) {
                            tree.add("      " + columnName);
                        }
                        assertThat(metaData.getIndexInfo(catalog, schema, table, false, true).next()).isFalse();
                        try (ResultSet keys = metaData.getPrimaryKeys(catalog, schema, table)) {
                            assertThat(keys.next()).isTrue();
                            assertThat(keys.getString("COLUMN_NAME")).isEqualTo("sku");
                            assertThat(keys.getShort("KEY_SEQ")).isEqualTo((short) 1);
                            assertThat(keys.next()).isFalse();
                        }
                        assertThat(metaData.getImportedKeys(catalog, schema, table).next()).isFalse();
                    }
                }
            }
            assertThat(tree).containsExactly("default_catalog", "  default_database", "  shop", "    items", "      sku", "      qty");
            connection.setCatalog("default_catalog");
            connection.setSchema("shop");
            assertThat(connection.getSchema()).isEqualTo("shop");
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SHOW TABLES")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("items");
            }
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
