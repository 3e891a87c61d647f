package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cancel, query timeout and max rows reach the query's job; DatabaseMetaData tells the truth about Flink. */
class StatementControlTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.LONG_POLL, Duration.ofMillis(300));
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static void createSlowTable(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE slow (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='600',"
                + " 'rows-per-second'='10', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='600')");
    }

    private static String awaitState(String queryId, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status = gateway.get("/flinkgw/v1/query?id=" + queryId);
        while (!status.contains("\"state\":\"" + state + "\"") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            status = gateway.get("/flinkgw/v1/query?id=" + queryId);
        }
        return status;
    }

    private static void awaitNoRunningClusters() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!gateway.get("/metrics").contains("\"runningClusters\":0") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(gateway.get("/metrics")).contains("\"runningClusters\":0");
    }

    @Test
    void cancelFromAnotherThreadStopsTheClusterAndRecordsCanceled() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createSlowTable(statement);
            ResultSet rows = statement.executeQuery("SELECT id FROM slow");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(awaitState(queryId, "RUNNING")).contains("RUNNING");
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    while (rows.next()) {
                        rows.getLong(1);
                    }
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            long started = System.nanoTime();
            statement.cancel();
            Throwable error = reader.get(30, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(((SQLException) error).getSQLState()).isEqualTo("57014");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(awaitState(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
            awaitNoRunningClusters();
        }
    }

    @Test
    void queryTimeoutCancelsTheJob() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            createSlowTable(statement);
            statement.setQueryTimeout(2);
            assertThatThrownBy(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT id FROM slow")) {
                    while (rows.next()) {
                        rows.getLong(1);
                    }
                }
            }).isInstanceOf(SQLTimeoutException.class).hasMessageContaining("timed out");
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(awaitState(queryId, "CANCELED")).contains("\"state\":\"CANCELED\"");
        }
    }

    @Test
    void maxRowsLimitsThePersistedResult() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE thousand (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='1000',"
                    + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='1000')");
            statement.setMaxRows(5);
            int count = 0;
            try (ResultSet rows = statement.executeQuery("SELECT id FROM thousand ORDER BY id")) {
                while (rows.next()) {
                    count++;
                    assertThat(rows.getLong(1)).isEqualTo(count);
                }
            }
            assertThat(count).isEqualTo(5);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            assertThat(awaitState(queryId, "FINISHED")).contains("\"rowCount\":\"5\"");
        }
    }

    @Test
    void executeUpdateCountAndMoreResultsFollowJdbc() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector'='blackhole')")).isFalse();
            assertThat(statement.getUpdateCount()).isZero();
            assertThat(statement.getResultSet()).isNull();
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThat(statement.executeUpdate("INSERT INTO sink VALUES (1), (2)")).isEqualTo(2);
            assertThat(statement.execute("SELECT 1")).isTrue();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            try (ResultSet rows = statement.getResultSet()) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(statement.getMoreResults()).isFalse();
            assertThat((Object) statement.getWarnings()).isNull();
            statement.clearWarnings();
            connection.setAutoCommit(false);
            connection.commit();
            connection.rollback();
            connection.setAutoCommit(true);
            connection.setReadOnly(true);
            assertThat(connection.isReadOnly()).isTrue();
            connection.setReadOnly(false);
        }
    }

    @Test
    void databaseMetaDataDescribesFlink() throws Exception {
        try (Connection connection = gateway.connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getIdentifierQuoteString()).isEqualTo("`");
            assertThat(metaData.getDatabaseProductName()).isEqualTo("Apache Flink");
            assertThat(metaData.getDatabaseProductVersion()).startsWith("2.3");
            assertThat(metaData.getSQLKeywords()).contains("WATERMARK");
            assertThat(metaData.getStringFunctions()).contains("UPPER");
            assertThat(metaData.supportsTransactions()).isFalse();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
            assertThat(connection.isValid(5)).isTrue();
            try (ResultSet functions = metaData.getFunctions(null, null, "UPP%")) {
                assertThat(functions.next()).isTrue();
                assertThat(functions.getString("FUNCTION_NAME")).isEqualToIgnoringCase("upper");
                assertThat(functions.getString("FUNCTION_CAT")).isNull();
            }
            try (ResultSet keys = metaData.getImportedKeys(null, null, "x")) {
                assertThat(keys.getMetaData().getColumnCount()).isEqualTo(14);
                assertThat(keys.next()).isFalse();
            }
        }
    }
}
