package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcEscapesTest {

    static Stream<Arguments> escapes() {
        return Stream.of(
                arguments("SELECT {d '2024-01-02'}", "SELECT DATE '2024-01-02'"),
                arguments("SELECT {t '10:11:12'}", "SELECT TIME '10:11:12'"),
                arguments("SELECT {ts '2024-01-02 10:11:12.123456'}", "SELECT TIMESTAMP '2024-01-02 10:11:12.123456'"),
                arguments("SELECT {D'2024-01-02'}, {TS'2024-01-02 10:11:12'}",
                        "SELECT DATE '2024-01-02', TIMESTAMP '2024-01-02 10:11:12'"),
                arguments("SELECT { d  '2024-01-02' }", "SELECT DATE '2024-01-02'"),
                arguments("SELECT {fn UCASE(a)} FROM t", "SELECT UPPER(a) FROM t"),
                arguments("SELECT { fn ucase(a) }", "SELECT UPPER(a)"),
                arguments("SELECT {fn UCASE({fn CONCAT(a, b)})} FROM t", "SELECT UPPER(CONCAT(a, b)) FROM t"),
                arguments("SELECT {fn LCASE({fn LTRIM({fn UCASE(s)})})}", "SELECT LOWER(LTRIM(UPPER(s)))"),
                arguments("SELECT {fn LOCATE({fn UCASE('x')}, {fn LCASE(s)})}", "SELECT POSITION(UPPER('x') IN LOWER(s))"),
                arguments("SELECT * FROM t WHERE a LIKE 'x\\_%' {escape '\\'}",
                        "SELECT * FROM t WHERE a LIKE 'x\\_%' ESCAPE '\\'"),
                arguments("SELECT * FROM t WHERE a LIKE 'x!_%'{ESCAPE '!'}", "SELECT * FROM t WHERE a LIKE 'x!_%' ESCAPE '!'"),
                arguments("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x = b.x} WHERE c = 1",
                        "SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x WHERE c = 1"),
                arguments("SELECT * FROM {oj a LEFT OUTER JOIN b ON {fn UCASE(a.x)} = b.x}",
                        "SELECT * FROM a LEFT OUTER JOIN b ON UPPER(a.x) = b.x"),
                arguments("SELECT * FROM {oj {oj a LEFT OUTER JOIN b ON a.x = b.x} RIGHT OUTER JOIN c ON c.y = b.y}",
                        "SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x RIGHT OUTER JOIN c ON c.y = b.y"),
                // Braces delimit tokens; the replacement must stay separated from its neighbours.
                arguments("SELECT {fn UCASE(a)}AS u", "SELECT UPPER(a)AS u"),
                arguments("SELECT {d '2024-01-02'}AS d", "SELECT DATE '2024-01-02' AS d"),
                arguments("SELECT {fn NOW}AS n, {fn CURDATE()}AS d", "SELECT NOW()AS n, CURRENT_DATE AS d"),
                arguments("SELECT x{fn ABS(1)}", "SELECT x ABS(1)"),
                arguments("SELECT 1+{fn ABS(-1)}*2", "SELECT 1+ABS(-1)*2"),
                arguments("SELECT {d '2024-01-02'}{t '10:00:00'}", "SELECT DATE '2024-01-02' TIME '10:00:00'"),
                // Quoted text and comments are never escapes.
                arguments("SELECT '{fn UCASE(a)}', {fn UCASE('}')}", "SELECT '{fn UCASE(a)}', UPPER('}')"),
                arguments("SELECT 'it''s {d', {d '2024-01-02'}", "SELECT 'it''s {d', DATE '2024-01-02'"),
                arguments("SELECT `{fn x}`, {fn UCASE(`a}`)}", "SELECT `{fn x}`, UPPER(`a}`)"),
                arguments("SELECT \"{d 1}\", {d '2024-01-02'}", "SELECT \"{d 1}\", DATE '2024-01-02'"),
                arguments("SELECT 1 -- {fn UCASE(a)} }\n, {d '2024-01-02'}", "SELECT 1 -- {fn UCASE(a)} }\n, DATE '2024-01-02'"),
                arguments("SELECT /* { */ {t '10:00:00'} /* } */", "SELECT /* { */ TIME '10:00:00' /* } */"),
                arguments("SELECT E'\\'{', {fn UCASE(a)}", "SELECT E'\\'{', UPPER(a)"),
                arguments("SELECT {fn UCASE('a\\')}", "SELECT UPPER('a\\')"),
                // Procedures stay as written; Flink has none and the gateway rejects them.
                arguments("{call p(1, 'x')}", "{call p(1, 'x')}"),
                arguments("{? = call p(?)}", "{? = call p(?)}"),
                arguments("{ CALL p({fn UCASE(a)})}", "{ CALL p({fn UCASE(a)})}"),
                arguments("SELECT {fn UCASE(a)};\n{call p}", "SELECT UPPER(a);\n{call p}"));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void translatesEscapes(String sql, String expected) {
        assertThat(JdbcEscapes.translate(sql)).isEqualTo(expected);
    }

    static Stream<Arguments> functions() {
        return Stream.of(
                arguments("UCASE(a)", "UPPER(a)"),
                arguments("LCASE(a)", "LOWER(a)"),
                arguments("UCASE (a)", "UPPER(a)"),
                arguments("UCASE( a )", "UPPER( a )"),
                arguments("LENGTH(a)", "CHAR_LENGTH(RTRIM(a))"),
                arguments("CONCAT(a, 'b')", "CONCAT(a, 'b')"),
                arguments("SUBSTRING(a, 1, 2)", "SUBSTRING(a, 1, 2)"),
                arguments("LOCATE('x', a)", "POSITION('x' IN a)"),
                arguments("LOCATE('a,b)', f(x, y))", "POSITION('a,b)' IN f(x, y))"),
                arguments("LOCATE('x', a, 2)", "LOCATE('x', a, 2)"),
                arguments("INSERT(s, 2, 3, 'x')", "OVERLAY(s PLACING 'x' FROM 2 FOR 3)"),
                arguments("SPACE(3)", "REPEAT(' ', 3)"),
                arguments("CHAR(65)", "CHR(65)"),
                arguments("CEILING(1.5)", "CEIL(1.5)"),
                arguments("CURDATE()", "CURRENT_DATE"),
                arguments("CURTIME()", "CURRENT_TIME"),
                arguments("CURRENT_DATE()", "CURRENT_DATE"),
                arguments("CURRENT_TIME()", "CURRENT_TIME"),
                arguments("CURRENT_TIMESTAMP()", "CURRENT_TIMESTAMP"),
                arguments("CURRENT_TIMESTAMP(3)", "CURRENT_TIMESTAMP(3)"),
                arguments("NOW()", "NOW()"),
                arguments("NOW", "NOW()"),
                arguments("IFNULL(a, 0)", "IFNULL(a, 0)"),
                arguments("DATABASE()", "CURRENT_DATABASE()"),
                arguments("USER()", "USER()"),
                arguments("TIMESTAMPADD(SQL_TSI_DAY, 1, ts)", "TIMESTAMPADD(DAY, 1, ts)"),
                arguments("TIMESTAMPADD(sql_tsi_hour, -1, ts)", "TIMESTAMPADD(HOUR, -1, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_FRAC_SECOND, 5, ts)", "TIMESTAMPADD(MICROSECOND, 5, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_SECOND, 1, ts)", "TIMESTAMPADD(SECOND, 1, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_MINUTE, 1, ts)", "TIMESTAMPADD(MINUTE, 1, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_WEEK, 1, ts)", "TIMESTAMPADD(WEEK, 1, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_QUARTER, 1, ts)", "TIMESTAMPADD(QUARTER, 1, ts)"),
                arguments("TIMESTAMPADD(SQL_TSI_YEAR, 1, ts)", "TIMESTAMPADD(YEAR, 1, ts)"),
                arguments("timestampdiff(SQL_TSI_MONTH, a, b)", "TIMESTAMPDIFF(MONTH, a, b)"),
                arguments("TIMESTAMPDIFF(DAY, a, b)", "TIMESTAMPDIFF(DAY, a, b)"),
                arguments("CONVERT(a, SQL_INTEGER)", "CAST(a AS INT)"),
                arguments("CONVERT(a, sql_varchar)", "CAST(a AS STRING)"),
                arguments("CONVERT(a, SQL_CHAR)", "CAST(a AS STRING)"),
                arguments("CONVERT(a, SQL_BIGINT)", "CAST(a AS BIGINT)"),
                arguments("CONVERT(a, SQL_SMALLINT)", "CAST(a AS SMALLINT)"),
                arguments("CONVERT(a, SQL_TINYINT)", "CAST(a AS TINYINT)"),
                arguments("CONVERT(a, SQL_DOUBLE)", "CAST(a AS DOUBLE)"),
                arguments("CONVERT(a, SQL_FLOAT)", "CAST(a AS DOUBLE)"),
                arguments("CONVERT(a, SQL_REAL)", "CAST(a AS FLOAT)"),
                arguments("CONVERT(a, SQL_DECIMAL)", "CAST(a AS DECIMAL)"),
                arguments("CONVERT(a, SQL_NUMERIC)", "CAST(a AS DECIMAL)"),
                arguments("CONVERT(a, SQL_BIT)", "CAST(a AS BOOLEAN)"),
                arguments("CONVERT(a, SQL_BOOLEAN)", "CAST(a AS BOOLEAN)"),
                arguments("CONVERT(a, SQL_DATE)", "CAST(a AS DATE)"),
                arguments("CONVERT(a, SQL_TIME)", "CAST(a AS TIME)"),
                arguments("CONVERT(a, SQL_TIMESTAMP)", "CAST(a AS TIMESTAMP)"),
                arguments("CONVERT(a, SQL_VARBINARY)", "CAST(a AS BYTES)"),
                arguments("CONVERT(f(a, b), INTEGER)", "CAST(f(a, b) AS INT)"),
                arguments("CONVERT(a, SQL_GUID)", "CONVERT(a, SQL_GUID)"),
                // Unknown functions and unexpected argument counts pass through as written.
                arguments("SOUNDEX(a)", "SOUNDEX(a)"),
                arguments("DAYNAME(d)", "DAYNAME(d)"),
                arguments("my_udf(a, 'x')", "my_udf(a, 'x')"),
                arguments("cat.db.f(x)", "cat.db.f(x)"),
                arguments("LENGTH(a, b)", "LENGTH(a, b)"),
                arguments("LOCATE(a)", "LOCATE(a)"),
                arguments("CURDATE(1)", "CURDATE(1)"));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void translatesFunctions(String call, String expected) {
        assertThat(JdbcEscapes.translate("SELECT {fn " + call + "}")).isEqualTo("SELECT " + expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT {fn UCASE(a)",
        "SELECT {d '2024-01-02'}}",
        "SELECT {fn UCASE(a)}, {bad x}",
        "SELECT {foo 1}",
        "SELECT {}",
        "SELECT { }",
        "SELECT {fn}",
        "SELECT {fn }",
        "SELECT {d}",
        "SELECT {fn (a)}",
        "SELECT {fn UCASE('a)}",
        "SELECT {d1 '2024-01-02'}",
        "SELECT {call p(}",
        "SELECT {",
        "{{",
        "}",
        "SELECT {fn /* } */ UCASE(a)",
    })
    void returnsMalformedTextUnchanged(String sql) {
        assertThat(JdbcEscapes.translate(sql)).isEqualTo(sql);
    }

    @Test
    void leavesTextWithoutEscapesAlone() {
        String sql = "SELECT '{', `}`, a FROM t -- {";
        assertThat(JdbcEscapes.translate(sql)).isSameAs(sql);
    }

    @Test
    void translatesDeepButBoundedNesting() {
        int depth = 50;
        String sql = "{fn UCASE(".repeat(depth) + "a" + ")}".repeat(depth);
        assertThat(JdbcEscapes.translate(sql)).isEqualTo("UPPER(".repeat(depth) + "a" + ")".repeat(depth));
    }

    @Test
    void givesUpOnHostileNestingWithoutOverflowingTheStack() {
        String sql = "{oj ".repeat(100_000) + "x" + "}".repeat(100_000);
        assertThat(JdbcEscapes.translate(sql)).isEqualTo(sql);
    }

    @Test
    void neverThrowsOrLoopsOnRandomText() {
        String alphabet = "{}()'\"`-/*\\?,EefndtsocalOJ \n";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sql.toString();
            assertThat(JdbcEscapes.translate(text)).isNotNull();
            JdbcEscapes.containsEscape(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{fn x}", "SELECT {d '2024-01-02'}", "'a' {", "a /* } */ {"})
    void detectsEscapes(String sql) {
        assertThat(JdbcEscapes.containsEscape(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SELECT 1", "SELECT '{fn x}'", "SELECT `{`", "SELECT \"{\"", "-- {", "/* { */",
        "// {", "E'\\'{'", "SELECT }"})
    void detectsAbsenceOfEscapes(String sql) {
        assertThat(JdbcEscapes.containsEscape(sql)).isFalse();
    }
}
