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

/** SQL from the network cannot read the server's files, the gateway's own stores, or load code. */
class SandboxTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        // the allowed root even contains the result and job stores: they must stay out of reach anyway
        settings.set(GatewayOptions.SANDBOX_PATHS, List.of(directory.toString()));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static void assertDenied(Statement statement, String sql, String rule) {
        assertThatThrownBy(() -> statement.execute(sql))
                .isInstanceOf(SQLException.class)
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42501"))
                .hasMessageContaining(rule);
    }

    private static String fileTable(String name, String path) {
        return "CREATE TABLE " + name + " (line STRING) WITH ('connector'='filesystem', 'path'='" + path + "', 'format'='raw')";
    }

    @Test
    void filesOutsideTheAllowedRootsAreRefused() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertDenied(statement, fileTable("passwd", "file:///etc/passwd"), "outside the allowed locations");
            assertDenied(statement, fileTable("sneaky", directory.resolve("data/../../../etc").toUri().toString()),
                    "outside the allowed locations");
            assertDenied(statement, fileTable("relative", "../../etc/passwd"), "outside the allowed locations");
            assertDenied(statement, "CREATE TABLE j (a INT) WITH ('connector'='jdbc', 'url'='jdbc:h2:mem:x', 'table-name'='t')",
                    "connector 'jdbc' is not allowed");
            assertDenied(statement, "CREATE CATALOG c WITH ('type'='jdbc')", "catalog type 'jdbc' is not allowed");
            assertDenied(statement, "ADD JAR '/tmp/evil.jar'", "AddJar statements are not allowed");
            assertDenied(statement, "SET 'table.dynamic-table-options.enabled' = 'true'", "pinned");
            assertDenied(statement, "SET 'yarn.ship-files' = '/etc'", "cannot be set in a session");
            assertDenied(statement, "SET 'env.java.opts.all' = '-javaagent:/tmp/agent.jar'", "cannot be set in a session");
            assertDenied(statement, "SET 'containerized.master.env.LD_PRELOAD' = '/tmp/x.so'", "cannot be set in a session");
            assertDenied(statement, "SET 'pipeline.jars' = 'file:///tmp/udf.jar'", "cannot be set in a session");
            assertDenied(statement, "EXECUTE PLAN 'file:///tmp/plan.json'", "ExecutePlan statements are not allowed");
            statement.execute("CREATE TABLE sink (v STRING) WITH ('connector'='blackhole')");
            assertDenied(statement, "COMPILE PLAN 'file:///tmp/evil.json' FOR INSERT INTO sink SELECT 'x'",
                    "CompilePlan statements are not allowed");
            statement.execute("CREATE CATALOG mem WITH ('type'='generic_in_memory')");
            assertDenied(statement, "ALTER CATALOG mem SET ('type'='jdbc')", "AlterCatalogOptions statements are not allowed");
        }
    }

    @Test
    void theGatewaysOwnStoresAreRefusedEvenUnderAnAllowedRoot() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertDenied(statement, fileTable("results", directory.resolve("results").toUri().toString()), "own storage");
            assertDenied(statement, fileTable("jobs", directory.resolve("jobstore").toString()), "own storage");
        }
    }

    @Test
    void optionsHintsCannotRepointATable() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            Path allowed = Files.createDirectories(directory.resolve("hinted"));
            Files.writeString(allowed.resolve("a.txt"), "x\n");
            statement.execute(fileTable("hinted", allowed.toUri().toString()));
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM hinted /*+ OPTIONS('path'='file:///etc') */"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("OPTIONS");
        }
    }

    @Test
    void filesUnderAnAllowedRootAreRead() throws Exception {
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.writeString(data.resolve("lines.txt"), "alpha\nbeta\ngamma\n");
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute(fileTable("lines", data.toUri().toString()));
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM lines")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(3);
            }
        }
    }
}
