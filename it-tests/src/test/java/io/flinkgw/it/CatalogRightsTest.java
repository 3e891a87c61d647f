package io.flinkgw.it;

import static io.flinkgw.it.SharedCatalogTest.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.CatalogOptions;
import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.security.FileAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everyone reads the shared catalogs; only security.catalog-admins change their definitions. */
class CatalogRightsTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path users = directory.resolve("users");
        Files.writeString(users, FileAuthenticator.hashLine("admin", "secret-admin".toCharArray()) + "\n"
                + FileAuthenticator.hashLine("analyst", "secret-analyst".toCharArray()) + "\n");
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.AUTHENTICATION, GatewayOptions.Authentication.FILE);
        settings.set(GatewayOptions.USERS_FILE, users.toString());
        settings.set(CatalogOptions.CATALOG_ADMINS, List.of("admin"));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void analystsReadSharedTablesAndKeepTheirOwnObjectsButChangeNoSharedDefinition() throws Exception {
        try (Connection admin = DriverManager.getConnection(gateway.url(), "admin", "secret-admin");
                Connection analyst = DriverManager.getConnection(gateway.url(), "analyst", "secret-analyst");
                Statement byAdmin = admin.createStatement();
                Statement byAnalyst = analyst.createStatement()) {
            byAdmin.execute("CREATE TABLE facts (n INT) WITH ('connector'='datagen', 'number-of-rows'='4',"
                    + " 'fields.n.kind'='sequence', 'fields.n.start'='1', 'fields.n.end'='4')");
            assertThat(single(byAnalyst, "SELECT SUM(n) FROM facts")).isEqualTo("10");

            for (String change : List.of(
                    "CREATE TABLE mine (n INT) WITH ('connector'='datagen')",
                    "CREATE TABLE mine AS SELECT n FROM facts",
                    "DROP TABLE facts",
                    "ALTER TABLE facts SET ('number-of-rows'='1')",
                    "CREATE VIEW small AS SELECT n FROM facts WHERE n < 3",
                    "CREATE DATABASE private_db",
                    "CREATE FUNCTION upper2 AS 'org.apache.flink.table.functions.BuiltInFunctionDefinitions'",
                    "CREATE CATALOG mine WITH ('type'='generic_in_memory')",
                    "DROP CATALOG IF EXISTS anything")) {
                assertThatThrownBy(() -> byAnalyst.execute(change)).as(change)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("security.catalog-admins");
                        });
            }
            assertThat(single(byAdmin, "SELECT COUNT(*) FROM facts")).as("the shared table is untouched").isEqualTo("4");

            // what is the analyst's own: TEMPORARY objects and the private session catalog
            byAnalyst.execute("CREATE TEMPORARY VIEW small AS SELECT n FROM facts WHERE n < 3");
            assertThat(single(byAnalyst, "SELECT COUNT(*) FROM small")).isEqualTo("2");
            byAnalyst.execute("CREATE TABLE session_catalog.default_database.scratch (n INT) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='2')");
            assertThat(single(byAnalyst, "SELECT COUNT(*) FROM session_catalog.default_database.scratch")).isEqualTo("2");
            byAdmin.execute("DROP TABLE facts");
        }
    }
}
