package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished result whose data file is damaged on disk is an error through the driver, not fewer rows. */
class CorruptResultTest {

    private static final int ROWS = 20_000;

    @TempDir Path directory;

    @Test
    void resultScanOfADamagedResultFailsWithDataCorrupted() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE numbers (id BIGINT, label STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='" + ROWS + "', 'rows-per-second'='1000000000', 'fields.id.kind'='sequence',"
                    + " 'fields.id.start'='1', 'fields.id.end'='" + ROWS + "', 'fields.label.length'='12')");
            assertThat(count(statement, "SELECT id, label FROM numbers")).isEqualTo(ROWS);
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            String scan = "SELECT * FROM RESULT_SCAN('" + queryId + "')";
            assertThat(count(statement, scan)).isEqualTo(ROWS);

            Path data = onlyDataFile(directory.resolve("results").resolve(queryId).resolve("data"));
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(data, bytes);

            assertThatThrownBy(() -> count(statement, scan))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("XX001");
                        assertThat(e.getErrorCode()).isEqualTo(2006);
                        assertThat(e.getMessage()).contains(queryId).contains("corrupt");
                    });
        }
    }

    private static Path onlyDataFile(Path dataDirectory) throws Exception {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            List<Path> rows = files.filter(file -> file.getFileName().toString().endsWith(".rows")).toList();
            assertThat(rows).hasSize(1);
            return rows.get(0);
        }
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
