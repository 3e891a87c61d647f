package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every session has the lakehouse catalog 'lake': tables there are shared, persist and survive a restart. */
class LakeTest {

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

    private static List<String> rows(Statement statement, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getLong(1) + ":" + result.getString(2));
            }
        }
        return rows;
    }

    private static void assertDenied(Statement statement, String sql, String rule) {
        assertThatThrownBy(() -> statement.execute(sql))
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42501"))
                .hasMessageContaining(rule);
    }

    @Test
    void lakeTableIsWrittenReadFromAnotherConnectionAndSurvivesARestart() throws Exception {
        List<String> expected = List.of("1:customer-1", "2:customer-2", "3:customer-3");
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE lake.shop");
            statement.execute("CREATE TABLE lake.shop.customers (id BIGINT, name STRING)");
            statement.execute("CREATE TABLE source (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='3',"
                    + " 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='3')");
            assertThat(statement.executeUpdate(
                    "INSERT INTO lake.shop.customers SELECT id, CONCAT('customer-', CAST(id AS STRING)) FROM source")).isEqualTo(3);
        }
        assertThat(Files.isDirectory(directory.resolve("lake").resolve("shop.db").resolve("customers")))
                .as("the warehouse lies beside the result store").isTrue();
        try (Connection other = gateway.connect("someone-else"); Statement statement = other.createStatement()) {
            assertThat(rows(statement, "SELECT id, name FROM lake.shop.customers ORDER BY id")).containsExactlyElementsOf(expected);
        }
        gateway.restart();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThat(rows(statement, "SELECT id, name FROM lake.shop.customers ORDER BY id")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void sessionsCannotReplaceTheLakeOrEscapeThroughIt() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertDenied(statement, "DROP CATALOG lake", "catalog 'lake' belongs to the gateway");
            assertDenied(statement, "CREATE CATALOG mine WITH ('type'='paimon', 'warehouse'='file:///tmp/flinkgw-escape')",
                    "catalog type 'paimon' is not allowed");
            statement.execute("CREATE DATABASE IF NOT EXISTS lake.guarded");
            assertDenied(statement, "CREATE TABLE lake.guarded.outside (id BIGINT) WITH ("
                    + "'data-file.external-paths'='file:///tmp/flinkgw-escape')", "outside the allowed locations");
            assertDenied(statement, "CREATE TEMPORARY TABLE lake.guarded.shadow (id BIGINT)", "connector '' is not allowed");
            assertDenied(statement, "CREATE TABLE lake.guarded.passwd (line STRING) WITH ('connector'='filesystem',"
                    + " 'path'='file:///etc/passwd', 'format'='raw')", "outside the allowed locations");
            statement.execute("CREATE CATALOG memory WITH ('type'='generic_in_memory')");
            assertDenied(statement, "CREATE TABLE memory.`default`.j (a INT) WITH ('connector'='jdbc', 'url'='jdbc:h2:mem:x',"
                    + " 'table-name'='t')", "connector 'jdbc' is not allowed");
        }
    }
}
