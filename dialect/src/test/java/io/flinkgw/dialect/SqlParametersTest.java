package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlParametersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "SELECT 1|0",
        "SELECT ?|1",
        "SELECT ?, ? FROM t WHERE a = ?|3",
        "SELECT ??|2",
        "SELECT '?'|0",
        "SELECT 'it''s ?', ?|1",
        "SELECT `?`, `a``?`|0",
        "SELECT \"?\"|0",
        "SELECT 1 -- ?\\n, ?|1",
        "SELECT 1 -- ?\\r?|1",
        "SELECT /* ? */ ?|1",
        "SELECT /*+ OPTIONS('a'='?') */ ?|1",
        "SELECT 1 // ?\\n, ?|1",
        "SELECT E'\\'?', ?|1",
        "SELECT CASE WHEN ? THEN 'x' ELSE'?\\' END, ?|2",
        "SELECT 'a\\', ?|1",
        "SELECT '?|0",
        "SELECT /* ?|0",
        "{? = call p(?)}|2",
    })
    void countsPlaceholdersOutsideQuotesAndComments(String sql, int expected) {
        assertThat(SqlParameters.count(unescape(sql))).isEqualTo(expected);
    }

    @Test
    void bindsEveryTypeInOrder() {
        String sql = "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        List<Object> values = Arrays.asList(
                null, true, (byte) 1, (short) -2, 3, 4L, 1.5f, 2.5d, new BigDecimal("-3.25"), "it's",
                new byte[] {1, (byte) 0xab}, Date.valueOf("2024-01-02"), Time.valueOf("03:04:05"),
                Timestamp.valueOf("2024-01-02 03:04:05.678"), LocalDate.of(2024, 5, 6), LocalTime.of(7, 8, 9),
                LocalDateTime.of(2024, 5, 6, 7, 8, 9, 10_000_000), null);
        List<Integer> types = new ArrayList<>(Collections.nCopies(values.size(), Types.OTHER));
        types.set(0, Types.VARCHAR);
        assertThat(SqlParameters.bind(sql, values, types)).isEqualTo(
                "INSERT INTO t VALUES (CAST(NULL AS STRING), TRUE, 1, (-2), 3, 4, CAST(1.5 AS FLOAT), "
                        + "CAST(2.5 AS DOUBLE), CAST('-3.25' AS DECIMAL(3, 2)), 'it''s', X'01ab', DATE '2024-01-02', "
                        + "TIME '03:04:05', TIMESTAMP '2024-01-02 03:04:05.678', DATE '2024-05-06', TIME '07:08:09', "
                        + "TIMESTAMP '2024-05-06 07:08:09.010', NULL)");
    }

    @Test
    void keepsQuoteInjectionInsideOneLiteral() {
        String sql = "SELECT * FROM t WHERE name = ? AND id = ?";
        String bound = SqlParameters.bind(sql, List.of("x' OR '1'='1", "'); DROP TABLE t; --"), types(2));
        assertThat(bound).isEqualTo(
                "SELECT * FROM t WHERE name = 'x'' OR ''1''=''1' AND id = '''); DROP TABLE t; --'");
        assertLiteralSpans(bound, "'x''", "'x'' OR ''1''=''1'");
        assertLiteralSpans(bound, "''')", "'''); DROP TABLE t; --'");
    }

    @Test
    void backslashDoesNotEscapeTheClosingQuote() {
        String bound = SqlParameters.bind("SELECT ? FROM t", List.of("\\' OR 1=1 --"), types(1));
        assertThat(bound).isEqualTo("SELECT '\\'' OR 1=1 --' FROM t");
        assertLiteralSpans(bound, "'\\'", "'\\'' OR 1=1 --'");
    }

    @Test
    void separatesLiteralsFromNeighboursThatWouldChangeTheirMeaning() {
        // Glued to the E, the value would become a C-style literal in which a backslash escapes the quote.
        assertThat(SqlParameters.bind("SELECT E?", List.of("\\' OR 1=1 --"), types(1)))
                .isEqualTo("SELECT E '\\'' OR 1=1 --'");
        assertThat(SqlParameters.bind("SELECT ?'x'", List.of("a"), types(1))).isEqualTo("SELECT 'a' 'x'");
        assertThat(SqlParameters.bind("SELECT 1-?", List.of(-5), types(1))).isEqualTo("SELECT 1-(-5)");
        assertThat(SqlParameters.bind("SELECT a=?AND b", List.of(5), types(1))).isEqualTo("SELECT a=5 AND b");
    }

    @Test
    void leavesQuestionMarksInQuotesAndCommentsAlone() {
        String sql = "SELECT '?', `?`, \"?\", ? /* ? */, E'\\'?' -- ?\nFROM t WHERE a = ?";
        assertThat(SqlParameters.bind(sql, List.of(1, "b"), types(2)))
                .isEqualTo("SELECT '?', `?`, \"?\", 1 /* ? */, E'\\'?' -- ?\nFROM t WHERE a = 'b'");
    }

    @Test
    void valuesContainingPlaceholdersAreNotBoundAgain() {
        String bound = SqlParameters.bind("SELECT ?, ?", List.of("?", "'?'"), types(2));
        assertThat(bound).isEqualTo("SELECT '?', '''?'''");
        assertThat(SqlParameters.count(bound)).isZero();
    }

    @Test
    void nullTypeEntryMeansUnknown() {
        assertThat(SqlParameters.bind("SELECT ?", Collections.singletonList(null), Collections.singletonList(null)))
                .isEqualTo("SELECT NULL");
    }

    @Test
    void returnsTextWithoutPlaceholdersUnchanged() {
        String sql = "SELECT '?'";
        assertThat(SqlParameters.bind(sql, List.of(), List.of())).isSameAs(sql);
    }

    @Test
    void rejectsWrongNumberOfValues() {
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?, ?", List.of(1), types(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected 2 parameter values for the placeholders in the statement but got 1");
        assertThatThrownBy(() -> SqlParameters.bind("SELECT '?'", List.of(1), types(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected 0 parameter values for the placeholders in the statement but got 1");
    }

    @Test
    void rejectsTypesThatDoNotMatchValues() {
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?", List.of(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected one SQL type per parameter value: 1 values but 0 types");
    }

    @Test
    void rejectsUnsupportedValueClass() {
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?", List.of(new StringBuilder("x")), types(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported parameter value class java.lang.StringBuilder");
    }

    @Test
    void boundStringsNeverLeaveTheirLiteralOnRandomText() {
        String alphabet = "?'\"`-/*\\Ee{} x\n";
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String sql = randomText(random, alphabet, 30);
            int count = SqlParameters.count(sql);
            List<Object> values = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                values.add(randomText(random, alphabet, 8));
            }
            String bound = SqlParameters.bind(sql, values, types(count));
            // Each value is one closed literal, so no question mark in a value becomes a placeholder.
            assertThat(SqlParameters.count(bound)).as(sql).isZero();
        }
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Asserts that the literal starting at {@code start} in {@code sql} ends exactly after {@code literal}. */
    private static void assertLiteralSpans(String sql, String start, String literal) {
        int index = sql.indexOf(start);
        assertThat(sql.substring(index, SqlScanner.skipQuotedOrComment(sql, index))).isEqualTo(literal);
    }

    private static List<Integer> types(int count) {
        return Collections.nCopies(count, Types.VARCHAR);
    }

    private static String unescape(String sql) {
        return sql.replace("\\n", "\n").replace("\\r", "\r");
    }
}
