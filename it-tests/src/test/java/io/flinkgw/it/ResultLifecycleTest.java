package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large, long, concurrent and re-attached results. */
class ResultLifecycleTest {

    @TempDir Path directory;

    @Test
    void millionRowResultStreamsToTheEnd() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE big (id BIGINT, label STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='1000000', 'rows-per-second'='1000000000', 'fields.id.kind'='sequence',"
                    + " 'fields.id.start'='1', 'fields.id.end'='1000000', 'fields.label.length'='8')");
            long count = 0;
            long sum = 0;
            try (ResultSet rows = statement.executeQuery("SELECT id, id * 2 AS twice, label FROM big")) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    assertThat(rows.getLong(2)).isEqualTo(id * 2);
                    count++;
                    sum += id;
                }
            }
            assertThat(count).isEqualTo(1_000_000L);
            assertThat(sum).isEqualTo(1_000_000L * 1_000_001L / 2);
        }
    }

    @Test
    void eightConcurrentConnectionsGetTheirOwnResults() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory)) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int client = 0; client < 8; client++) {
                    int rows = 1000 * (client + 1);
                    Callable<Long> work = () -> {
                        try (Connection connection = gateway.connect("user" + rows);
                                Statement statement = connection.createStatement()) {
                            statement.execute("CREATE TEMPORARY TABLE seq (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='"
                                    + rows + "', 'rows-per-second'='1000000000', 'fields.id.kind'='sequence',"
                                    + " 'fields.id.start'='1', 'fields.id.end'='" + rows + "')");
                            try (ResultSet result = statement.executeQuery("SELECT SUM(id) FROM seq")) {
                                result.next();
                                return result.getLong(1);
                            }
                        }
                    };
                    results.add(clients.submit(work));
                }
                for (int client = 0; client < 8; client++) {
                    long rows = 1000L * (client + 1);
                    assertThat(results.get(client).get(5, TimeUnit.MINUTES)).isEqualTo(rows * (rows + 1) / 2);
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void queryOutlastingTheClientTimeoutSucceeds() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(500));
        try (TestGateway gateway = TestGateway.start(directory, settings)) {
            Properties properties = new Properties();
            properties.setProperty("user", "tester");
            // every HTTP request must answer within 2 s; the query runs for about 6 s
            properties.setProperty("http_response_timeout", "2000");
            try (Connection connection = DriverManager.getConnection(gateway.url(), properties);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='30',"
                        + " 'rows-per-second'='5', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='30')");
                long started = System.nanoTime();
                long sum = 0;
                try (ResultSet rows = statement.executeQuery("SELECT id FROM slow")) {
                    while (rows.next()) {
                        sum += rows.getLong(1);
                    }
                }
                assertThat(sum).isEqualTo(30 * 31 / 2);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void failureReportedByALaterFetchIsASqlExceptionWithItsState() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(200));
        try (TestGateway gateway = TestGateway.start(directory, settings);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='10',"
                    + " 'rows-per-second'='4', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='10')");
            // executeQuery returns an empty, not-done first frame; the job fails about a second later
            ResultSet rows = statement.executeQuery("SELECT 100 / (id - 5) FROM ticks");
            assertThatThrownBy(() -> {
                while (rows.next()) {
                    rows.getLong(1);
                }
            }).isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("22000"))
                    .hasMessageContaining("zero");
            try (ResultSet again = statement.executeQuery("SELECT 1")) {
                assertThat(again.next()).isTrue();
            }
        }
    }

    @Test
    void finishedResultSurvivesGatewayRestartAndStaysPrivate() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory)) {
            String queryId;
            try (Connection connection = gateway.connect("alice"); Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS t(n, word) ORDER BY n")) {
                    // to the last row: a first row may be served before the result is committed
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.next()).isFalse();
                }
                queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            }
            Path resultDirectory = directory.resolve("results").resolve(queryId);
            assertThat(Files.exists(resultDirectory.resolve("_manifest"))).isTrue();
            // one user's data: readable by the gateway's OS user only
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(resultDirectory))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(resultDirectory.resolve("_manifest"))))
                    .isEqualTo("rw-------");
            try (var dataFiles = Files.walk(resultDirectory.resolve("data"))) {
                dataFiles.forEach(file -> {
                    try {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                .as("%s", file).isEqualTo(Files.isDirectory(file) ? "rwx------" : "rw-------");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }

            gateway.restart();

            try (Connection connection = gateway.connect("alice"); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')")) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getInt("n") + "=" + rows.getString("word"));
                }
                assertThat(values).containsExactly("1=one", "2=two");
            }
            try (Connection connection = gateway.connect("mallory"); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("No result with query id");
            }
        }
    }
}
