package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Flink throws at run time for bad data reaches the client as a data exception (class 22), by type. */
class DataErrorClassTest {

    @TempDir Path directory;

    @Test
    void failingCastsAndArithmeticAreDataExceptions() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE numbers (n INT, w STRING) WITH ('connector'='datagen', 'number-of-rows'='5',"
                    + " 'rows-per-second'='1000000', 'fields.n.kind'='sequence', 'fields.n.start'='0', 'fields.n.end'='4',"
                    + " 'fields.w.length'='6')");
            // what Flink 2.3 throws: NumberFormatException, ArithmeticException, DateTimeException
            for (String sql : new String[] {
                    "SELECT CAST(w AS INT) FROM numbers",
                    "SELECT 10 / n FROM numbers",
                    "SELECT CAST(w AS DATE) FROM numbers"}) {
                SQLException error = failure(statement, sql);
                assertThat((Object) error).as(sql).isNotNull();
                assertThat(error.getSQLState()).as(sql).isEqualTo("22000");
                assertThat(error.getErrorCode()).as(sql).isEqualTo(2001);
            }
            // a DECIMAL overflow is no error in Flink: the value is NULL
            try (ResultSet rows = statement.executeQuery(
                    "SELECT CAST(CAST(n + 1 AS DECIMAL(38, 0)) * 1e37 AS DECIMAL(10, 2)) FROM numbers")) {
                int count = 0;
                while (rows.next()) {
                    assertThat(rows.getBigDecimal(1)).isNull();
                    count++;
                }
                assertThat(count).isEqualTo(5);
            }
        }
    }

    private static SQLException failure(Statement statement, String sql) {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                rows.getObject(1);
            }
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
