package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way we know to make a table read or write outside the allowed roots, or to change what the
 * cluster runs with, is refused with 42501; what is allowed still works.
 */
class SandboxEscapeTest {

    @TempDir static Path directory;
    static TestGateway gateway;
    static Path allowed;

    @BeforeAll
    static void startGateway() throws Exception {
        allowed = Files.createDirectories(directory.resolve("allowed"));
        Files.writeString(allowed.resolve("a.txt"), "one\ntwo\n");
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.SANDBOX_PATHS, List.of(allowed.toString()));
        gateway = TestGateway.start(directory.resolve("gateway"), settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static void assertDenied(Statement statement, String sql, String rule) {
        assertThatThrownBy(() -> {
                    if (statement.execute(sql)) {
                        try (ResultSet rows = statement.getResultSet()) {
                            while (rows.next()) {
                                rows.getObject(1);
                            }
                        }
                    }
                })
                .as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42501"))
                .hasMessageContaining(rule);
    }

    private static String rawTable(String name, String path) {
        return "CREATE TABLE " + name + " (line STRING) WITH ('connector'='filesystem', 'path'='" + path
                + "', 'format'='raw')";
    }

    @Test
    void statementKindsNotNamedByTheSandboxAreRefused() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertDenied(statement, "CREATE MATERIALIZED TABLE m WITH ('connector'='filesystem',"
                    + " 'path'='file:///etc/passwd', 'format'='raw') AS SELECT 'x' AS line",
                    "CreateMaterializedTable statements are not allowed");
            assertDenied(statement, "LOAD MODULE core", "LoadModule statements are not allowed");
            assertDenied(statement, "USE MODULES core", "UseModules statements are not allowed");
            statement.execute(rawTable("lines", allowed.toUri().toString()));
            assertDenied(statement, "TRUNCATE TABLE lines", "TruncateTable statements are not allowed");
            assertDenied(statement, "ANALYZE TABLE lines COMPUTE STATISTICS", "AnalyzeTable statements are not allowed");
            statement.execute("CREATE CATALOG mem WITH ('type'='generic_in_memory')");
            assertDenied(statement, "ALTER CATALOG mem SET ('default-database'='other')", "AlterCatalogOptions statements are not allowed");
        }
    }

    @Test
    void tablesCannotBeRepointedOutsideTheAllowedRoots() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(rawTable("ok", allowed.toUri().toString()));
            assertDenied(statement, "ALTER TABLE ok SET ('path'='file:///etc')", "outside the allowed locations");
            assertDenied(statement, "CREATE TABLE evil WITH ('path'='file:///etc') LIKE ok (OVERWRITING OPTIONS)",
                    "outside the allowed locations");
            assertDenied(statement, "CREATE TEMPORARY TABLE evil2 WITH ('path'='/etc') LIKE ok (OVERWRITING OPTIONS)",
                    "outside the allowed locations");
            assertDenied(statement, rawTable("dots", allowed.resolve("../../../../etc").toString()),
                    "outside the allowed locations");
            assertDenied(statement, "CREATE TABLE ctas WITH ('connector'='filesystem', 'path'='file:///tmp/flinkgw-evil',"
                    + " 'format'='raw') AS SELECT 'x' AS line", "outside the allowed locations");
            assertDenied(statement, "CREATE TABLE other (line STRING) WITH ('connector'='jdbc', 'url'='jdbc:h2:mem:x',"
                    + " 'table-name'='t')", "connector 'jdbc' is not allowed");
            // what stays within the rules still works, through a view too
            statement.execute("CREATE TEMPORARY VIEW v AS SELECT UPPER(line) AS line FROM ok");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM v")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void onlyNamedSettingsMayBeSet() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            for (String key : List.of("taskmanager.memory.process.size", "jobmanager.memory.process.size", "io.tmp.dirs",
                    "metrics.reporters", "pipeline.cached-files", "pipeline.classpaths", "process.taskmanager.working-dir",
                    "table.resources.download-dir", "table.catalog-store.kind", "state.checkpoints.dir")) {
                assertDenied(statement, "SET '" + key + "' = 'file:///etc'", "cannot be set in a session");
            }
            assertDenied(statement, "SET 'parallelism.default' = '64'", "sandbox.max-parallelism");
            assertDenied(statement, "SET 'table.exec.resource.default-parallelism' = '1000'", "sandbox.max-parallelism");
            statement.execute("SET 'parallelism.default' = '2'");
            statement.execute("SET 'table.local-time-zone' = 'UTC'");
            statement.execute("SET 'pipeline.name' = 'my report'");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }
}
