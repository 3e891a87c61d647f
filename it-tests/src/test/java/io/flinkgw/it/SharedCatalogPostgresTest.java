package io.flinkgw.it;

import static io.flinkgw.it.SharedCatalogTest.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared catalogs on a real PostgreSQL job store: two gateways over one database share them. */
class SharedCatalogPostgresTest {

    @TempDir Path directory;

    @Test
    void twoGatewaysOverOnePostgresShareTheirCatalogsAndRaceFairly() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE USER flinkgw_gateway PASSWORD 'gateway-secret'");
                statement.execute("CREATE DATABASE flinkgw_jobs OWNER flinkgw_gateway");
            }
            Configuration settings = new Configuration();
            settings.set(GatewayOptions.JOB_STORE_URL, postgres.jdbcUrl("flinkgw_jobs"));
            settings.set(GatewayOptions.JOB_STORE_USER, "flinkgw_gateway");
            settings.set(GatewayOptions.JOB_STORE_PASSWORD, "gateway-secret");
            try (TestGateway first = TestGateway.start(directory.resolve("first"), settings)) {
                try (TestGateway second = TestGateway.start(directory.resolve("second"), settings);
                        Connection one = first.connect(); Connection two = second.connect();
                        Statement onFirst = one.createStatement(); Statement onSecond = two.createStatement()) {
                    onFirst.execute("CREATE DATABASE shared");
                    onFirst.execute("CREATE TABLE shared.numbers (n INT) WITH ('connector'='datagen', 'number-of-rows'='5',"
                            + " 'fields.n.kind'='sequence', 'fields.n.start'='1', 'fields.n.end'='5')");
                    onFirst.execute("CREATE VIEW shared.odd AS SELECT n FROM shared.numbers WHERE MOD(n, 2) = 1");
                    onSecond.execute("CREATE CATALOG side WITH ('type'='generic_in_memory')");
                    assertThat(single(onSecond, "SELECT COUNT(*), SUM(n) FROM shared.odd")).isEqualTo("3|9");
                    assertThat(SharedCatalogTest.names(one.getMetaData().getCatalogs(), "TABLE_CAT", "TABLE_CAT"))
                            .contains("side:side");

                    List<String> outcomes = race(List.of(onFirst, onSecond),
                            "CREATE TABLE shared.contested (x INT) WITH ('connector'='datagen')");
                    assertThat(outcomes).containsExactlyInAnyOrder("won", "42S01");
                }
                first.restart();
                try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
                    assertThat(single(statement, "SELECT SUM(n) FROM shared.numbers")).isEqualTo("15");
                    statement.execute("DROP CATALOG side");
                    statement.execute("DROP DATABASE shared CASCADE");
                    assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM shared.numbers"))
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
                }
            }
        }
    }

    private static List<String> race(List<Statement> statements, String sql) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(statements.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (Statement statement : statements) {
                futures.add(threads.submit(() -> {
                    start.await(1, TimeUnit.MINUTES);
                    try {
                        statement.execute(sql);
                        return "won";
                    } catch (SQLException e) {
                        return e.getSQLState();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(future.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
