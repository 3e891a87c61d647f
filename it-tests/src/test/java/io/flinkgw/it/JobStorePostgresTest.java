package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway whose job store is a real PostgreSQL server, as in production. */
class JobStorePostgresTest {

    @TempDir Path directory;

    @Test
    void gatewayRecordsQueriesInPostgresAndServesThemAgainAfterRestart() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            // the set-up README.md gives: a user of its own, owning an empty database
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE USER flinkgw_gateway PASSWORD 'gateway-secret'");
                statement.execute("CREATE DATABASE flinkgw_jobs OWNER flinkgw_gateway");
            }
            String url = postgres.jdbcUrl("flinkgw_jobs");
            Configuration settings = new Configuration();
            settings.set(GatewayOptions.JOB_STORE_URL, url);
            settings.set(GatewayOptions.JOB_STORE_USER, "flinkgw_gateway");
            settings.set(GatewayOptions.JOB_STORE_PASSWORD, "gateway-secret");
            try (TestGateway gateway = TestGateway.start(directory, settings)) {
                String queryId;
                String nulQueryId;
                try (Connection connection = gateway.connect("alice");
                        Statement statement = connection.createStatement()) {
                    try (ResultSet rows = statement.executeQuery(
                            "SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS t(n, word) ORDER BY n")) {
                        assertThat(read(rows)).containsExactly("1=one", "2=two");
                    }
                    queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                    // PostgreSQL cannot store U+0000, which this statement's text holds
                    try (ResultSet rows = statement.executeQuery("SELECT 3 AS n, word FROM (VALUES ('a\u0000b')) AS t(word)")) {
                        assertThat(read(rows)).containsExactly("3=a\u0000b");
                    }
                    nulQueryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                }
                assertThat(stored(url, postgres, queryId)).isEqualTo("alice FINISHED 2");
                assertThat(stored(url, postgres, nulQueryId)).isEqualTo("alice FINISHED 1");
                assertThat(directory.resolve("jobstore")).as("no embedded H2 job store").doesNotExist();

                gateway.restart();

                try (Connection connection = gateway.connect("alice");
                        Statement statement = connection.createStatement()) {
                    try (ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')")) {
                        assertThat(read(rows)).containsExactly("1=one", "2=two");
                    }
                    try (ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + nulQueryId + "')")) {
                        assertThat(read(rows)).containsExactly("3=a\u0000b");
                    }
                }
            }
        }
    }

    @Test
    void statementsFailAsSystemErrorsWhilePostgresIsDown() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        try {
            Configuration settings = new Configuration();
            settings.set(GatewayOptions.JOB_STORE_URL, postgres.jdbcUrl());
            settings.set(GatewayOptions.JOB_STORE_USER, postgres.user());
            settings.set(GatewayOptions.JOB_STORE_PASSWORD, postgres.password());
            try (TestGateway gateway = TestGateway.start(directory, settings);
                    Connection connection = gateway.connect("alice");
                    Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT 1 AS n, 'one' AS word")) {
                    assertThat(read(rows)).containsExactly("1=one");
                }
                postgres.close();
                // the statement may be retried later: 58000, not an 08 state that would evict a pooled connection
                assertThatThrownBy(() -> statement.executeQuery("SELECT 2 AS n, 'two' AS word"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("58000"))
                        .satisfies(error -> assertThat(((SQLException) error).getErrorCode()).isEqualTo(4004));
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void gatewayRuntimeLibraryShipsThePostgresqlDriverAndFlywaySupport() throws Exception {
        // what bin/flinkgw puts on the class path and the YARN suites ship
        Path library = Path.of(System.getProperty("flinkgw.it.gateway-lib"));
        try (Stream<Path> jars = Files.list(library)) {
            List<String> names = jars.map(jar -> jar.getFileName().toString()).toList();
            assertThat(names).anyMatch(name -> name.matches("postgresql-[0-9.]+\\.jar"))
                    .anyMatch(name -> name.matches("flyway-database-postgresql-[0-9.]+\\.jar"));
        }
    }

    private static List<String> read(ResultSet rows) throws Exception {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getInt("n") + "=" + rows.getString("word"));
        }
        return values;
    }

    /** The query's row as PostgreSQL holds it: user, state and row count. */
    private static String stored(String url, PostgresServer postgres, String queryId) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT user_name, state, row_count FROM flinkgw_query WHERE query_id = ?")) {
            statement.setString(1, queryId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("a row for %s", queryId).isTrue();
                return row.getString(1) + " " + row.getString(2) + " " + row.getLong(3);
            }
        }
    }
}
