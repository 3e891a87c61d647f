package io.flinkgw.it.benchmark;

import static io.flinkgw.it.benchmark.Figures.milliseconds;
import static io.flinkgw.it.benchmark.Figures.ratio;
import static io.flinkgw.it.benchmark.Figures.seconds;

import io.flinkgw.it.Conditions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * DBeaver's data tab against a full scan: {@code setMaxRows(200)} and {@code SELECT *} over a large table,
 * then {@code COUNT(*)} over it; and how soon after the preview's last row no cluster runs.
 */
final class PreviewMeasurement {

    private static final int PREVIEW_ROWS = 200;
    private static final Duration CLUSTER_GONE_DEADLINE = Duration.ofSeconds(60);

    /** Waits, before a timed query, as the benchmark does before each. */
    interface BeforeEachQuery {
        void await() throws Exception;
    }

    private final BenchmarkGateway gateway;
    private final Summary summary;
    private final BeforeEachQuery beforeEachQuery;

    PreviewMeasurement(BenchmarkGateway gateway, Summary summary, BeforeEachQuery beforeEachQuery) {
        this.gateway = gateway;
        this.summary = summary;
        this.beforeEachQuery = beforeEachQuery;
    }

    void run(Connection connection, String table, int runs) throws Exception {
        long[] previews = new long[runs];
        long[] clustersGone = new long[runs];
        for (int run = 0; run < runs; run++) {
            beforeEachQuery.await();
            long start = System.nanoTime();
            int rows = preview(connection, table);
            long lastRow = System.nanoTime();
            if (rows != PREVIEW_ROWS) {
                summary.add("WARNING " + table + " preview run " + (run + 1), rows + " rows, expected " + PREVIEW_ROWS);
            }
            previews[run] = lastRow - start;
            clustersGone[run] = awaitNoRunningCluster() - lastRow;
        }
        beforeEachQuery.await();
        long count = timeCount(connection, table);
        long preview = Figures.median(previews);
        summary.add(table + " preview (setMaxRows " + PREVIEW_ROWS + ", SELECT *), runs (ms)",
                Arrays.stream(previews).mapToObj(Figures::milliseconds).collect(Collectors.joining(" ")));
        summary.add(table + " preview, execute to last row, median (s)", seconds(preview));
        summary.add(table + " COUNT(*), execute to its row (s)", seconds(count));
        summary.add(table + " preview / COUNT(*) time", ratio(preview / (double) count));
        summary.add(table + " preview: last row until no cluster runs, median (ms)",
                Figures.median(clustersGone) < 0 ? "not within " + CLUSTER_GONE_DEADLINE.toSeconds() + " s"
                        : milliseconds(Figures.median(clustersGone)));
    }

    private static int preview(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(PREVIEW_ROWS);
            int rows = 0;
            try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                while (result.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    private static long timeCount(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                result.next();
                result.getLong(1);
            }
            return System.nanoTime() - start;
        }
    }

    /** When the gateway first counted no running cluster; a negative time past the deadline. */
    private long awaitNoRunningCluster() throws Exception {
        Long at = Conditions.await(() -> gateway.runningClusters() == 0 ? System.nanoTime() : null,
                java.util.Objects::nonNull, CLUSTER_GONE_DEADLINE);
        return at == null ? Long.MIN_VALUE / 2 : at;
    }
}
