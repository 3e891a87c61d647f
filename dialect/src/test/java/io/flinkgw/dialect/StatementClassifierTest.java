package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementClassifierTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1|QUERY",
        "  select * from t;|QUERY",
        "WITH x AS (SELECT 1) SELECT * FROM x|QUERY",
        "VALUES (1), (2)|QUERY",
        "(SELECT 1) UNION (SELECT 2)|QUERY",
        "-- comment\\nSELECT 1|QUERY",
        "/* block */ SELECT 1|QUERY",
        "INSERT INTO t SELECT 1|INSERT",
        "EXECUTE STATEMENT SET BEGIN END|INSERT",
        "execute statement set begin insert into t select 1; end|INSERT",
        "EXECUTE INSERT INTO t SELECT 1|INSERT",
        "EXECUTE PLAN '/tmp/plan.json'|OTHER",
        "SET 'a.b' = 'c'|SET",
        "SET|SET",
        "RESET 'a.b'|RESET",
        "RESET|RESET",
        "USE CATALOG c|USE",
        "SHOW TABLES|SHOW",
        "DESCRIBE t|DESCRIBE",
        "DESC t|DESCRIBE",
        "EXPLAIN SELECT 1|EXPLAIN",
        "CREATE TABLE t (a INT)|DDL",
        "DROP TABLE t|DDL",
        "ALTER TABLE t RENAME TO u|DDL",
        "GRANT ALL|OTHER",
        "SELECT * FROM RESULT_SCAN('abc123')|RESULT_SCAN",
        "select * from table(result_scan('abc123'))|RESULT_SCAN",
    })
    void classifiesByLeadingKeyword(String sql, StatementKind kind) {
        assertThat(StatementClassifier.classify(sql.replace("\\n", "\n")).kind()).isEqualTo(kind);
    }

    @Test
    void emptyInputIsEmpty() {
        assertThat(StatementClassifier.classify("").kind()).isEqualTo(StatementKind.EMPTY);
        assertThat(StatementClassifier.classify(" ;; -- nothing").kind()).isEqualTo(StatementKind.EMPTY);
        assertThat(StatementClassifier.classify("/* unterminated").kind()).isEqualTo(StatementKind.EMPTY);
    }

    @Test
    void setParsesQuotedKeyAndValue() {
        ClassifiedStatement set = StatementClassifier.classify("SET 'table.local-time-zone' = 'Asia/Tokyo';");
        assertThat(set.argument()).contains("table.local-time-zone");
        assertThat(set.value()).contains("Asia/Tokyo");
        ClassifiedStatement escaped = StatementClassifier.classify("SET 'k' = 'it''s'");
        assertThat(escaped.value()).contains("it's");
        ClassifiedStatement unquoted = StatementClassifier.classify("set parallelism.default=4");
        assertThat(unquoted.argument()).contains("parallelism.default");
        assertThat(unquoted.value()).contains("4");
        ClassifiedStatement keyOnly = StatementClassifier.classify("SET 'k'");
        assertThat(keyOnly.argument()).contains("k");
        assertThat(keyOnly.value()).isEmpty();
    }

    @Test
    void resultScanCarriesTheQueryId() {
        ClassifiedStatement scan = StatementClassifier.classify("SELECT * FROM RESULT_SCAN( 'q1w2e3' ) ;");
        assertThat(scan.argument()).isEqualTo(Optional.of("q1w2e3"));
        assertThat(StatementClassifier.classify("SELECT a FROM RESULT_SCAN('x')").kind()).isEqualTo(StatementKind.QUERY);
    }

    @Test
    void primaryKeyLookupCarriesItsThreeArguments() {
        ClassifiedStatement keys = StatementClassifier.classify(
                "SELECT * FROM FLINKGW_PRIMARY_KEYS('cat', NULL, 'it''s')");
        assertThat(keys.kind()).isEqualTo(StatementKind.PRIMARY_KEYS);
        assertThat(keys.arguments()).containsExactly(Optional.of("cat"), Optional.empty(), Optional.of("it's"));
    }

    @Test
    void strippingKeepsTheStatementText() {
        assertThat(StatementClassifier.classify("  -- c\n SELECT 1 ; ").sql()).isEqualTo("SELECT 1");
    }
}
