package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.config.LocalDeploymentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query runs on a cluster in a process of its own: a spare serves the query and is replaced, and
 * a query that exhausts its process's memory fails alone with SQLState 53200 while the gateway and the
 * other queries carry on.
 */
class LocalProcessDeploymentTest {

    private static final Pattern SPARES = Pattern.compile("\"spareClusters\":([0-9]+)");

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(LocalDeploymentOptions.WARM_CLUSTERS, 1);
        settings.set(LocalDeploymentOptions.PROCESS_MEMORY, MemorySize.parse("256m"));
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(300));
        // longer than any query here: a spare is replaced once the query that took it has ended
        settings.set(LocalDeploymentOptions.SPARE_START_DELAY, Duration.ofMinutes(10));
        // an archive of this class's own, written by its first process
        settings.set(LocalDeploymentOptions.CLASS_DATA_DIRECTORY, directory.resolve("class-data").toString());
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() throws Exception {
        try {
            gateway.close(); // and no cluster process is left
        } finally {
            ClusterProcesses.killAll(directory);
        }
    }

    @Test
    void aQueryRunsOnTheSpareProcessWhichIsReplacedAndEndsWithItsQuery() throws Exception {
        List<ProcessHandle> before = awaitOneSpare();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT COUNT(*) FROM (VALUES (1), (2), (3)) AS t (x)")).isEqualTo(1);
        }
        List<ProcessHandle> after = awaitOneSpare();
        assertThat(before.get(0).isAlive()).as("the spare that ran the query ended with it").isFalse();
        assertThat(after.get(0).pid()).isNotEqualTo(before.get(0).pid());
    }

    @Test
    void processesStartedAfterTheFirstOneEndedMapTheClassesItArchived() throws Exception {
        Path classData = directory.resolve("class-data");
        String mapping = null;
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            // the first process writes the archive when it ends; a spare started before that runs without
            for (int query = 0; query < 4 && mapping == null; query++) {
                assertThat(count(statement, "SELECT x + 1 FROM (VALUES (1), (2), (3)) AS t (x)")).isEqualTo(3);
                String commandLine = ClusterProcesses.commandLine(awaitOneSpare().get(0));
                Matcher archive = Pattern.compile("-XX:SharedArchiveFile=(\\S+)").matcher(commandLine);
                mapping = archive.find() ? archive.group(1) : null;
            }
        }
        assertThat(mapping).as("a spare maps the class data archive").isNotNull().startsWith(classData.toString());
        assertThat(Path.of(mapping)).isRegularFile();
        try (var files = Files.list(classData)) {
            assertThat(files).as("nothing left half written").noneMatch(file -> file.toString().endsWith(".writing"));
        }
    }

    @Test
    void theSpareReplacingATakenOneStartsOnlyOnceItsQueryHasEnded() throws Exception {
        awaitOneSpare();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            // three seconds of rows, served while the job runs
            statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='6000', 'rows-per-second'='2000', 'fields.id.kind'='sequence',"
                    + " 'fields.id.start'='1', 'fields.id.end'='6000')");
            Set<Long> alive = new HashSet<>();
            long rows = 0;
            try (ResultSet result = statement.executeQuery("SELECT id FROM slow")) {
                while (result.next()) {
                    if (rows++ % 500 == 0) {
                        ClusterProcesses.live(directory).forEach(process -> alive.add(process.pid()));
                    }
                }
            }
            assertThat(rows).isEqualTo(6000);
            assertThat(alive).as("cluster processes alive while the query ran: its own only").hasSize(1);
        }
        awaitOneSpare();
    }

    @Test
    void aQueryExhaustingItsProcessMemoryFailsWith53200WhileAnotherQueryCompletes() throws Exception {
        try (Connection hungry = gateway.connect(); Connection other = gateway.connect();
                Statement hungryStatement = hungry.createStatement(); Statement otherStatement = other.createStatement()) {
            hungryStatement.execute("CREATE TEMPORARY TABLE wide (s STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='5000000', 'fields.s.length'='1000')");
            CompletableFuture<Long> exhausting = CompletableFuture.supplyAsync(() -> {
                try {
                    return count(hungryStatement, "SELECT ARRAY_AGG(s) FROM wide");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            otherStatement.execute("CREATE TEMPORARY TABLE numbers (id BIGINT) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='1000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='1000')");
            assertThat(count(otherStatement, "SELECT id FROM numbers")).isEqualTo(1000);

            assertThatThrownBy(() -> exhausting.get(3, TimeUnit.MINUTES))
                    .cause().cause()
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53200");
                        assertThat(e.getMessage()).contains("limit 256m", "deployment.local.process-memory");
                    });
            assertThat(count(otherStatement, "SELECT id FROM numbers WHERE id <= 10")).isEqualTo(10);
        }
    }

    /** Waits until exactly one spare serves and returns the live cluster processes then (that spare). */
    private static List<ProcessHandle> awaitOneSpare() throws Exception {
        String metrics = Conditions.await(() -> gateway.get("/metrics"),
                body -> spares(body) == 1 && ClusterProcesses.live(directory).size() == 1, Duration.ofMinutes(2));
        assertThat(spares(metrics)).isEqualTo(1);
        List<ProcessHandle> live = ClusterProcesses.live(directory);
        assertThat(live).hasSize(1);
        return live;
    }

    private static int spares(String metrics) {
        Matcher matcher = SPARES.matcher(metrics);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        long rows = 0;
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows++;
            }
        }
        return rows;
    }
}
