package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.it.coverage.CanonicalValues;
import io.flinkgw.it.coverage.CoverageCorpus;
import io.flinkgw.it.coverage.CoverageCorpus;
import io.flinkgw.it.coverage.FlinkOracle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flink itself is the oracle: every query of the coverage corpus (temporary and permanent tables,
 * views and functions, group windows, window TVFs, grouping sets, set operations, UNNEST, OVER frames,
 * LIMIT/OFFSET, JSON, wide DECIMAL, nested types, sort-merge joins, NULLs) returns through
 * {@code DriverManager} exactly the rows a plain Flink {@code TableEnvironment} in this JVM collects,
 * and a query Flink refuses fails through the gateway too.
 */
class BatchCoverageTest extends SharedGatewayTest {

    private static FlinkOracle oracle;
    private static Connection connection;
    private static Statement statement;

    @BeforeAll
    static void runSetup() throws Exception {
        List<String> setup = CoverageCorpus.load().setup();
        oracle = FlinkOracle.start(setup);
        connection = gateway.connect();
        statement = connection.createStatement();
        for (String sql : setup) {
            statement.execute(sql);
        }
    }

    @AfterAll
    static void closeConnection() throws Exception {
        connection.close();
        oracle.close();
    }

    static Stream<CoverageCorpus.Query> queries() throws Exception {
        return CoverageCorpus.load().queries().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersWhatFlinkAnswers(CoverageCorpus.Query query) throws Exception {
        List<String> expected;
        try {
            expected = oracle.rows(query.sql());
        } catch (RuntimeException refused) {
            assertThatThrownBy(() -> FlinkOracle.jdbcRows(statement, query.sql()))
                    .as("Flink refuses this query (%s): the gateway must fail too", refused.getMessage())
                    .isInstanceOf(SQLException.class);
            return;
        }
        List<String> actual = FlinkOracle.jdbcRows(statement, query.sql());
        if (query.ordered()) {
            assertThat(actual).containsExactlyElementsOf(expected);
        } else {
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
