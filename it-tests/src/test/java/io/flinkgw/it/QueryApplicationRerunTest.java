package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.deploy.yarn.QueryApplication;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new YARN application attempt does when a query's JobManager was lost: it runs {@link
 * QueryApplication} again over the same result directory. Here it is run in this JVM, on a local
 * cluster, over results the gateway's own cluster wrote; YarnApplicationTest loses a real JobManager.
 */
class QueryApplicationRerunTest {

    private static final String QUERY =
            "SELECT id, CONCAT('row ', CAST(id AS STRING)) AS label FROM numbers ORDER BY id";

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anAttemptAfterTheCommitLeavesTheResultAsItIs() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            String queryId = run(statement);
            Path result = resultDirectory(queryId);
            Map<String, byte[]> before = contents(result);

            QueryApplication.main(new String[] {results().toString(), queryId});

            Map<String, byte[]> after = contents(result);
            assertThat(after).as("every file of the committed result").containsOnlyKeys(before.keySet());
            before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
        }
    }

    @Test
    void anAttemptAfterAJobManagerLostMidWriteWritesApartAndCommitsTheWholeResult() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            String queryId = run(statement);
            List<String> expected = rows(statement, "SELECT * FROM RESULT_SCAN('" + queryId + "')");
            assertThat(expected).hasSize(20_000);
            // as the first attempt's JobManager left it: no commit, a data file cut in the middle of a block
            Path result = resultDirectory(queryId);
            Files.delete(result.resolve("_manifest"));
            Path written = onlyDataFile(result);
            assertThat(written.getParent().getFileName().toString()).isEqualTo("attempt-1");
            byte[] bytes = Files.readAllBytes(written);
            Files.write(written, java.util.Arrays.copyOf(bytes, bytes.length / 2));

            QueryApplication.main(new String[] {results().toString(), queryId});

            String manifest = Files.readString(result.resolve("_manifest"));
            assertThat(manifest).containsPattern("attempt=attempt-x[0-9a-f]{12}").doesNotContain("attempt-1/");
            assertThat(result.resolve("data/attempt-1")).as("the lost attempt's files").doesNotExist();
            assertThat(onlyDataFile(result).getParent().getFileName().toString()).startsWith("attempt-x");
            assertThat(rows(statement, "SELECT * FROM RESULT_SCAN('" + queryId + "')"))
                    .as("the rerun's rows, read through the gateway").containsExactlyElementsOf(expected);
        }
    }

    private static String run(Statement statement) throws SQLException {
        statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS numbers (id BIGINT) WITH ('connector'='datagen',"
                + " 'number-of-rows'='20000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='20000')");
        List<String> rows = rows(statement, QUERY);
        assertThat(rows).hasSize(20_000).startsWith("1|row 1").endsWith("20000|row 20000");
        return statement.unwrap(FlinkgwStatement.class).getQueryId();
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet resultSet = statement.executeQuery(sql)) {
            while (resultSet.next()) {
                rows.add(resultSet.getLong(1) + "|" + resultSet.getString(2));
            }
        }
        return rows;
    }

    private static Path results() {
        return directory.resolve("results");
    }

    private static Path resultDirectory(String queryId) {
        return results().resolve(queryId);
    }

    private static Path onlyDataFile(Path result) throws IOException {
        try (Stream<Path> files = Files.walk(result.resolve("data"))) {
            List<Path> rows = files.filter(file -> file.toString().endsWith(".rows")).toList();
            assertThat(rows).hasSize(1);
            return rows.get(0);
        }
    }

    private static Map<String, byte[]> contents(Path result) throws IOException {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(result)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(result.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return contents;
    }
}
