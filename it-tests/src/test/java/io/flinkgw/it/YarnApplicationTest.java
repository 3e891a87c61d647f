package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.it.coverage.CoverageCorpus;
import io.flinkgw.it.coverage.FlinkOracle;
import io.flinkgw.it.coverage.UserFunctionJar;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every batch SELECT as a Flink application of its own on a real YARN (MiniYARNCluster), read
 * through DriverManager after the application and its JobManager are gone.
 */
class YarnApplicationTest {

    private static final Duration APPLICATION_TIMEOUT = Duration.ofMinutes(3);

    @TempDir static Path directory;
    static YarnTestCluster yarn;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        yarn = YarnTestCluster.start(directory.resolve("yarn"));
        Configuration configuration = yarnGatewayConfiguration(yarn);
        configuration.set(GatewayOptions.SANDBOX_PATHS, List.of(directory.resolve("tables").toString()));
        gateway = TestGateway.start(directory.resolve("gateway"), configuration);
    }

    static Configuration yarnGatewayConfiguration(YarnTestCluster yarn) {
        Configuration configuration = new Configuration();
        configuration.set(GatewayOptions.DEPLOYMENT_TARGET, GatewayOptions.DeploymentTarget.YARN_APPLICATION);
        configuration.set(GatewayOptions.YARN_CONF_DIR, yarn.confDir().toString());
        configuration.set(GatewayOptions.YARN_GATEWAY_TAG, "it");
        configuration.set(GatewayOptions.YARN_SHIP_FILES, List.of(
                System.getProperty("flinkgw.it.gateway-lib", Path.of("..", "gateway-server", "target", "lib").toString()),
                userFunctionJar(yarn).toString()));
        configuration.set(GatewayOptions.YARN_STAGING_DIR, yarn.stagingDir().toUri().toString());
        return configuration;
    }

    /** The coverage corpus's functions as a jar beside the runtime jars, shipped with every application. */
    private static Path userFunctionJar(YarnTestCluster yarn) {
        try {
            return UserFunctionJar.write(yarn.stagingDir().getParent().resolve("functions"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (yarn != null) {
            try {
                assertThat(yarn.liveApplications()).as("no application outlives its query").isEmpty();
                Path staged = yarn.stagingDir().resolve(".flink");
                Instant deadline = Instant.now().plusSeconds(30);
                while (Files.exists(staged) && !isEmpty(staged) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
                assertThat(!Files.exists(staged) || isEmpty(staged))
                        .as("no staged application files are left behind, killed applications' included").isTrue();
            } finally {
                yarn.close();
            }
        }
    }

    @Test
    void joinGroupByOrderByIsReadAfterTheApplicationAndItsJobManagerAreGone() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            List<String> actual = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(QueryPathTest.JOIN_GROUP_ORDER)) {
                String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                ApplicationReport report = yarn.awaitApplication(
                        queryId, app -> app.getYarnApplicationState() == YarnApplicationState.FINISHED, APPLICATION_TIMEOUT);
                assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
                assertThat(report.getName()).contains(queryId);
                assertThat(reachable(report.getHost(), report.getRpcPort()))
                        .as("the JobManager's REST endpoint %s:%s is gone", report.getHost(), report.getRpcPort())
                        .isFalse();
                while (rows.next()) {
                    actual.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong("total"));
                }
                String status = status(queryId);
                assertThat(status).contains("\"state\":\"FINISHED\"").contains(report.getApplicationId().toString());
            }
            assertThat(actual).containsExactlyElementsOf(QueryPathTest.expectedJoinGroupOrder());
        }
    }

    @Test
    void insertRunsAsAnApplicationOfItsOwnAndAnswersTheRowsWritten() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            statement.execute("CREATE TABLE copied (id BIGINT, name STRING) WITH ('connector'='filesystem', 'path'='"
                    + directory.resolve("tables").resolve("copied").toUri() + "', 'format'='csv')");
            assertThat(statement.executeUpdate("INSERT INTO copied SELECT id, name FROM customers WHERE id <= 40")).isEqualTo(40);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            ApplicationReport report = yarn.awaitApplication(
                    queryId, app -> app.getYarnApplicationState() == YarnApplicationState.FINISHED, APPLICATION_TIMEOUT);
            assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
            assertThat(status(queryId)).contains("\"state\":\"FINISHED\"");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(id) FROM copied")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(40);
                assertThat(rows.getLong(2)).isEqualTo(40);
            }
        }
    }

    @Test
    void lakeTableIsWrittenAndReadByApplicationsOnYarn() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            QueryPathTest.createTables(statement);
            statement.execute("CREATE DATABASE lake.on_yarn");
            statement.execute("CREATE TABLE lake.on_yarn.customers (id BIGINT, name STRING)");
            assertThat(statement.executeUpdate("INSERT INTO lake.on_yarn.customers SELECT id, name FROM customers WHERE id <= 25"))
                    .isEqualTo(25);
        }
        try (Connection other = gateway.connect(); Statement statement = other.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(id) FROM lake.on_yarn.customers")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(25);
            assertThat(rows.getLong(2)).isEqualTo(25 * 26 / 2);
        }
    }

    /** The query Flink's compiled plans could not carry: session objects and a legacy group window at once. */
    static final String SESSION_OBJECTS_QUERY = "SELECT TUMBLE_START(b.ts, INTERVAL '1' DAY) AS day_start,"
            + " twice(CAST(COUNT(*) AS INT)) AS doubled, label_of(MAX(b.note)) AS label, SUM(c.extra) AS extra"
            + " FROM big_orders b JOIN orders_copy c ON b.id = c.id GROUP BY TUMBLE(b.ts, INTERVAL '1' DAY)";

    @Test
    void temporaryObjectsFunctionsLikeAndGroupWindowsAnswerAsFlinkDoes() throws Exception {
        List<String> setup = CoverageCorpus.load().setup();
        List<String> expected;
        try (FlinkOracle oracle = FlinkOracle.start(setup)) {
            expected = oracle.rows(SESSION_OBJECTS_QUERY);
        }
        assertThat(expected).isNotEmpty();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            for (String sql : setup) {
                statement.execute(sql);
            }
            assertThat(FlinkOracle.jdbcRows(statement, SESSION_OBJECTS_QUERY)).containsExactlyInAnyOrderElementsOf(expected);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            ApplicationReport report = yarn.awaitApplication(queryId, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        }
    }

    @Test
    void runtimeFailureCarriesTheRootCauseAndTheRecordSaysFailed() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            SQLException error = QueryPathTest.failingCast(statement);
            // the root cause as the application's JobManager saw it
            assertThat(error.getMessage()).contains("NumberFormatException: For input string");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            ApplicationReport report = yarn.awaitApplication(
                    queryId, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
            assertThat(status(queryId)).contains("\"state\":\"FAILED\"").contains("NumberFormatException");
        }
    }

    @Test
    void cancelKillsTheApplication() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createSlowTable(statement);
            ResultSet rows = statement.executeQuery("SELECT id FROM slow");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            yarn.awaitApplication(queryId, app -> app.getYarnApplicationState() == YarnApplicationState.RUNNING, APPLICATION_TIMEOUT);
            statement.cancel();
            ApplicationReport report = yarn.awaitApplication(queryId, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
            assertThatThrownBy(() -> {
                while (rows.next()) {
                    rows.getLong(1);
                }
            }).isInstanceOf(SQLException.class);
            assertThat(awaitStatus(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
        }
    }

    @Test
    void cancelDuringTheDeploymentKillsWhatWasStarted() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createSlowTable(statement);
            ResultSet rows = statement.executeQuery("SELECT id FROM slow"); // returns after one long poll (5 s)
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            // the deployment takes longer than the first long poll here: the cancel reaches it in progress
            statement.cancel();
            assertThat(awaitStatus(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
            Instant deadline = Instant.now().plus(APPLICATION_TIMEOUT);
            while (yarn.applicationOf(queryId).map(YarnApplicationTest::isLive).orElse(false) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(yarn.applicationOf(queryId).map(YarnApplicationTest::isLive)).as("no application runs on").isNotEqualTo(Optional.of(true));
            rows.close();
        }
    }

    @Test
    void gracefulRestartLeavesTheApplicationToTheNextGateway() throws Exception {
        Configuration configuration = yarnGatewayConfiguration(yarn);
        configuration.set(GatewayOptions.YARN_GATEWAY_TAG, "restarting");
        try (TestGateway restarting = TestGateway.start(directory.resolve("restarting"), configuration)) {
            Connection first = restarting.connect();
            Statement statement = first.createStatement();
            createMediumTable(statement);
            statement.executeQuery("SELECT COUNT(*), SUM(id) FROM medium");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            yarn.awaitApplication(queryId, app -> app.getYarnApplicationState() == YarnApplicationState.RUNNING, APPLICATION_TIMEOUT);
            Instant deployed = Instant.now().plus(APPLICATION_TIMEOUT);
            while (!restarting.get("/flinkgw/v1/query?id=" + queryId).contains("\"clusterId\"") && Instant.now().isBefore(deployed)) {
                Thread.sleep(200);
            }
            restarting.restart(); // with the client still connected: the stop closes its session
            try {
                first.close();
            } catch (SQLException e) {
                // the gateway it was connected to is gone
            }
            assertThat(yarn.applicationOf(queryId).map(YarnApplicationTest::isLive))
                    .as("a gateway stop does not kill running applications")
                    .satisfiesAnyOf(live -> assertThat(live).contains(true),
                            live -> assertThat(yarn.applicationOf(queryId).orElseThrow().getFinalApplicationStatus())
                                    .isEqualTo(FinalApplicationStatus.SUCCEEDED));
            try (Connection connection = restarting.connect();
                    Statement again = connection.createStatement();
                    ResultSet rows = again.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1500);
                assertThat(rows.getLong(2)).isEqualTo(1500L * 1501 / 2);
            }
        }
    }

    @Test
    void queryTimeoutKillsTheApplication() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createSlowTable(statement);
            statement.setQueryTimeout(25);
            assertThatThrownBy(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT id FROM slow")) {
                    while (rows.next()) {
                        rows.getLong(1);
                    }
                }
            }).isInstanceOf(SQLTimeoutException.class);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            ApplicationReport report = yarn.awaitApplication(queryId, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
            assertThat(awaitStatus(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
        }
    }

    /**
     * The JobManager is lost in the middle of writing the result: YARN's second attempt reruns the job
     * under a folder of its own and commits only its own files; the first attempt's are never served.
     */
    @Test
    void lostJobManagerIsReplacedByANewAttemptAndTheQueryStillEndsRight() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createMediumTable(statement);
            // the result's writer chained to the source: it writes for as long as the source runs (20 s)
            statement.execute("SET 'parallelism.default' = '1'");
            ResultSet rows = statement.executeQuery("SELECT id FROM medium");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            ApplicationReport first = yarn.awaitApplication(
                    queryId, app -> app.getYarnApplicationState() == YarnApplicationState.RUNNING, APPLICATION_TIMEOUT);
            assertThat(awaitStatus(queryId, "RUNNING\",\"source\":\"cluster")).contains("\"source\":\"cluster\"");
            Path result = directory.resolve("gateway").resolve("results").resolve(queryId);
            Path firstAttempt = result.resolve("data").resolve("attempt-1");
            awaitFile(firstAttempt.resolve("part-0-0.rows"));
            ContainerId jobManager = yarn.client()
                    .getApplicationAttemptReport(first.getCurrentApplicationAttemptId()).getAMContainerId();
            yarn.client().signalToContainer(jobManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);

            // until YARN ends the application, the query is never reported as failed
            Instant deadline = Instant.now().plus(APPLICATION_TIMEOUT);
            ApplicationReport report = yarn.applicationOf(queryId).orElseThrow();
            List<String> seen = new ArrayList<>();
            while (isLive(report) && Instant.now().isBefore(deadline)) {
                String status = status(queryId);
                seen.add(status.replaceAll(".*\"state\":\"([A-Z]+)\",\"source\":\"([a-z-]+)\".*", "$1/$2"));
                assertThat(status).as("query status while YARN says %s", report.getYarnApplicationState())
                        .doesNotContain("\"state\":\"FAILED\"");
                Thread.sleep(250);
                report = yarn.applicationOf(queryId).orElseThrow();
            }
            assertThat(report.getCurrentApplicationAttemptId().getAttemptId()).as("a second attempt ran").isEqualTo(2);
            assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
            assertThat(seen).as("statuses seen").contains("RUNNING/yarn");
            java.util.Set<Long> ids = new java.util.HashSet<>();
            long count = 0;
            while (rows.next()) {
                ids.add(rows.getLong(1));
                count++;
            }
            rows.close();
            assertThat(count).as("rows, none twice").isEqualTo(1500);
            assertThat(ids).hasSize(1500).contains(1L, 750L, 1500L);
            assertThat(Files.readString(result.resolve("_manifest")))
                    .contains("attempt=attempt-2").contains("data/attempt-2/part-0-0.rows");
            assertThat(firstAttempt).as("the lost attempt's files are gone").doesNotExist();
        }
    }

    private static void awaitFile(Path file) throws Exception {
        Conditions.await(() -> Files.exists(file), Boolean::booleanValue, APPLICATION_TIMEOUT);
        assertThat(file).as("the first attempt's writer has begun").exists();
    }

    @Test
    void restartedGatewayFindsItsApplicationByTagAndKillsOrphans() throws Exception {
        Path stores = directory.resolve("crashing");
        Configuration configuration = yarnGatewayConfiguration(yarn);
        configuration.set(GatewayOptions.YARN_GATEWAY_TAG, "crashing");
        configuration.set(GatewayOptions.RESULT_ROOT, stores.resolve("results").toString());
        configuration.set(GatewayOptions.JOB_STORE_URL, "jdbc:h2:file:" + stores.resolve("jobstore/flinkgw"));
        configuration.set(GatewayOptions.PORT, 0);
        String kept;
        String orphan;
        try (GatewayProcess crashing = GatewayProcess.start(configuration.toMap(), directory.resolve("crashing.log"))) {
            java.util.Properties user = new java.util.Properties();
            user.setProperty("user", "tester");
            try (Connection connection = java.sql.DriverManager.getConnection(crashing.url(), user);
                    Statement first = connection.createStatement();
                    Statement second = connection.createStatement()) {
                createMediumTable(first);
                first.executeQuery("SELECT COUNT(*), SUM(id) FROM medium");
                kept = first.unwrap(FlinkgwStatement.class).getQueryId();
                second.executeQuery("SELECT COUNT(*) FROM medium");
                orphan = second.unwrap(FlinkgwStatement.class).getQueryId();
                for (String queryId : List.of(kept, orphan)) {
                    yarn.awaitApplication(
                            queryId, app -> app.getYarnApplicationState() == YarnApplicationState.RUNNING, APPLICATION_TIMEOUT);
                }
                crashing.kill();
            }
        }
        // the gateway died without a word; one query's record is then lost, as if its job store was restored from a backup
        try (Connection store = java.sql.DriverManager.getConnection(
                        configuration.get(GatewayOptions.JOB_STORE_URL), "sa", "");
                Statement statement = store.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM flinkgw_query WHERE query_id = '" + orphan + "'")).isEqualTo(1);
            statement.executeUpdate("UPDATE flinkgw_query SET cluster_id = NULL WHERE query_id = '" + kept + "'");
        }
        try (TestGateway restarted = TestGateway.start(stores, configuration)) {
            ApplicationReport killed = yarn.awaitApplication(orphan, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(killed.getYarnApplicationState()).as("the orphan is killed").isEqualTo(YarnApplicationState.KILLED);
            try (Connection connection = restarted.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + kept + "')")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1500);
                assertThat(rows.getLong(2)).isEqualTo(1500L * 1501 / 2);
            }
            // the committed result may be served while the application is still ending
            ApplicationReport report = yarn.awaitApplication(kept, app -> !isLive(app), APPLICATION_TIMEOUT);
            assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        }
    }

    private static void createMediumTable(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE medium (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='1500',"
                + " 'rows-per-second'='75', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='1500')");
    }

    /** 60 rows a second for a minute: long enough to act on while it runs. */
    static void createSlowTable(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='3600',"
                + " 'rows-per-second'='60', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='3600')");
    }

    static boolean isLive(ApplicationReport report) {
        return switch (report.getYarnApplicationState()) {
            case FINISHED, FAILED, KILLED -> false;
            default -> true;
        };
    }

    static String awaitStatus(String queryId, String state) throws Exception {
        Instant deadline = Instant.now().plus(APPLICATION_TIMEOUT);
        String status = status(queryId);
        while (!status.contains("\"state\":\"" + state + "\"") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = status(queryId);
        }
        return status;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    static boolean reachable(String host, int port) {
        if (host == null || port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String status(String queryId) throws Exception {
        return gateway.get("/flinkgw/v1/query?id=" + queryId);
    }

}
