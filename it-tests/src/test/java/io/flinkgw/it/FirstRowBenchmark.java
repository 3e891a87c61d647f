package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to the first row against time to the last, and a preview against a full scan, through a
 * gateway in this JVM. Not part of the suite: run with {@code -Dflinkgw.benchmark=true
 * -Dtest=FirstRowBenchmark}; prints medians of three runs.
 */
@EnabledIfSystemProperty(named = "flinkgw.benchmark", matches = "true")
class FirstRowBenchmark {

    private static final int RUNS = 3;
    private static final long SCAN_ROWS = Long.getLong("flinkgw.benchmark.scan-rows", 1_000_000);
    private static final long BIG_ROWS = Long.getLong("flinkgw.benchmark.big-rows", 20_000_000);

    @TempDir Path directory;

    @Test
    void firstRowAndPreview() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory); Connection connection = gateway.connect()) {
            createTable(connection, "scan", SCAN_ROWS);
            createTable(connection, "big", BIG_ROWS);
            List<Long> firstRow = new ArrayList<>();
            List<Long> lastRow = new ArrayList<>();
            List<Long> preview = new ArrayList<>();
            List<Long> count = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                long started = System.nanoTime();
                long rows = 0;
                long first = -1;
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT * FROM scan")) {
                    while (result.next()) {
                        if (first < 0) {
                            first = System.nanoTime() - started;
                        }
                        rows++;
                        result.getLong(1);
                        result.getString(2);
                        result.getDouble(3);
                        result.getBigDecimal(4);
                        result.getTimestamp(5);
                    }
                }
                assertThat(rows).isEqualTo(SCAN_ROWS);
                firstRow.add(first);
                lastRow.add(System.nanoTime() - started);

                started = System.nanoTime();
                try (Statement statement = connection.createStatement()) {
                    statement.setMaxRows(200);
                    try (ResultSet result = statement.executeQuery("SELECT * FROM big")) {
                        rows = 0;
                        while (result.next()) {
                            rows++;
                        }
                    }
                }
                assertThat(rows).isEqualTo(200);
                preview.add(System.nanoTime() - started);

                started = System.nanoTime();
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM big")) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getLong(1)).isEqualTo(BIG_ROWS);
                }
                count.add(System.nanoTime() - started);
            }
            System.out.printf("BENCHMARK SELECT * %d rows x 5 columns: first row %d ms, last row %d ms (medians of %d: %s / %s)%n",
                    SCAN_ROWS, median(firstRow), median(lastRow), RUNS, millis(firstRow), millis(lastRow));
            System.out.printf("BENCHMARK %d rows: setMaxRows(200) preview %d ms, COUNT(*) %d ms (medians of %d: %s / %s)%n",
                    BIG_ROWS, median(preview), median(count), RUNS, millis(preview), millis(count));
        }
    }

    private static void createTable(Connection connection, String table, long rowCount) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + table + " (id BIGINT, name VARCHAR(20), price DOUBLE,"
                    + " amount DECIMAL(20,4), ts TIMESTAMP(3)) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='" + rowCount + "', 'rows-per-second'='1000000000',"
                    + " 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='" + rowCount + "',"
                    + " 'fields.name.length'='20')");
        }
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1_000_000;
    }

    private static List<Long> millis(List<Long> nanos) {
        return nanos.stream().map(value -> value / 1_000_000).toList();
    }
}
