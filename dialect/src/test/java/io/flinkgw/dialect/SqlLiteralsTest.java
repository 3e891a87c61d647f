package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlLiteralsTest {

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("abc", "'abc'"),
                arguments("", "''"),
                arguments("it's", "'it''s'"),
                arguments("''", "''''''"),
                arguments("a\\b\\", "'a\\b\\'"),
                arguments("line\nbreak", "'line\nbreak'"),
                arguments("x' OR '1'='1", "'x'' OR ''1''=''1'"),
                arguments("Grüße ✓", "'Grüße ✓'"),
                arguments('q', "'q'"),
                arguments('\'', "''''"),
                arguments(true, "TRUE"),
                arguments(false, "FALSE"),
                arguments((byte) -1, "(-1)"),
                arguments((byte) 127, "127"),
                arguments((short) 7, "7"),
                arguments(0, "0"),
                arguments(Integer.MIN_VALUE, "(-2147483648)"),
                arguments(Long.MAX_VALUE, "9223372036854775807"),
                arguments(Long.MIN_VALUE, "(-9223372036854775808)"),
                arguments(1.5d, "CAST(1.5 AS DOUBLE)"),
                arguments(-2.25d, "CAST(-2.25 AS DOUBLE)"),
                arguments(0.0d, "CAST(0.0 AS DOUBLE)"),
                arguments(-0.0d, "CAST('-0.0' AS DOUBLE)"),
                arguments(1e300d, "CAST(1.0E300 AS DOUBLE)"),
                arguments(Double.MIN_VALUE, "CAST(4.9E-324 AS DOUBLE)"),
                arguments(Double.NaN, "CAST('NaN' AS DOUBLE)"),
                arguments(Double.POSITIVE_INFINITY, "CAST('Infinity' AS DOUBLE)"),
                arguments(Double.NEGATIVE_INFINITY, "CAST('-Infinity' AS DOUBLE)"),
                arguments(0.1f, "CAST(0.1 AS FLOAT)"),
                arguments(Float.MAX_VALUE, "CAST(3.4028235E38 AS FLOAT)"),
                arguments(Float.NaN, "CAST('NaN' AS FLOAT)"),
                arguments(Float.NEGATIVE_INFINITY, "CAST('-Infinity' AS FLOAT)"),
                arguments(-0.0f, "CAST('-0.0' AS FLOAT)"),
                arguments(new BigDecimal("1.50"), "CAST('1.50' AS DECIMAL(3, 2))"),
                arguments(new BigDecimal("-0.5"), "CAST('-0.5' AS DECIMAL(1, 1))"),
                arguments(new BigDecimal("0.001"), "CAST('0.001' AS DECIMAL(3, 3))"),
                arguments(new BigDecimal("0.00"), "CAST('0.00' AS DECIMAL(2, 2))"),
                arguments(BigDecimal.ZERO, "CAST('0' AS DECIMAL(1, 0))"),
                arguments(new BigDecimal("123"), "CAST('123' AS DECIMAL(3, 0))"),
                arguments(new BigDecimal("1E+3"), "CAST('1000' AS DECIMAL(4, 0))"),
                arguments(new BigDecimal("-12345678901234567890.123456789"),
                        "CAST('-12345678901234567890.123456789' AS DECIMAL(29, 9))"),
                arguments(new BigDecimal("9".repeat(38)), "CAST('" + "9".repeat(38) + "' AS DECIMAL(38, 0))"),
                arguments(new BigDecimal("0." + "1".repeat(38)), "CAST('0." + "1".repeat(38) + "' AS DECIMAL(38, 38))"),
                arguments(new BigDecimal("1." + "4".repeat(37) + "51"), "CAST('1." + "4".repeat(36) + "5' AS DECIMAL(38, 37))"),
                arguments(new BigDecimal("1." + "4".repeat(39)), "CAST('1." + "4".repeat(37) + "' AS DECIMAL(38, 37))"),
                arguments(new BigDecimal("0." + "9".repeat(39)), "CAST('1." + "0".repeat(37) + "' AS DECIMAL(38, 37))"),
                arguments(new byte[] {0x0a, (byte) 0xff, 0x00}, "X'0aff00'"),
                arguments(new byte[0], "X''"),
                arguments(Date.valueOf("2024-02-29"), "DATE '2024-02-29'"),
                arguments(Time.valueOf("10:11:12"), "TIME '10:11:12'"),
                arguments(new Time(Time.valueOf("10:11:12").getTime() + 123), "TIME '10:11:12.123'"),
                arguments(new Time(Time.valueOf("00:00:00").getTime() + 5), "TIME '00:00:00.005'"),
                arguments(Timestamp.valueOf("2024-01-02 10:11:12"), "TIMESTAMP '2024-01-02 10:11:12.000'"),
                arguments(Timestamp.valueOf("2024-01-02 10:11:12.5"), "TIMESTAMP '2024-01-02 10:11:12.500'"),
                arguments(Timestamp.valueOf("2024-01-02 10:11:12.123456"), "TIMESTAMP '2024-01-02 10:11:12.123456'"),
                arguments(Timestamp.valueOf("2024-01-02 10:11:12.123456789"),
                        "TIMESTAMP '2024-01-02 10:11:12.123456789'"),
                arguments(Timestamp.valueOf("1969-12-31 23:59:59.999"), "TIMESTAMP '1969-12-31 23:59:59.999'"),
                arguments(LocalDate.of(1, 1, 1), "DATE '0001-01-01'"),
                arguments(LocalTime.of(1, 2, 3), "TIME '01:02:03'"),
                arguments(LocalTime.of(1, 2, 3, 5_000_000), "TIME '01:02:03.005'"),
                arguments(LocalTime.of(23, 59, 59, 1), "TIME '23:59:59.000000001'"),
                arguments(LocalDateTime.of(2024, 1, 2, 3, 4, 5), "TIMESTAMP '2024-01-02 03:04:05.000'"),
                arguments(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000), "TIMESTAMP '2024-01-02 03:04:05.000120'"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void rendersValues(Object value, String expected) {
        assertThat(SqlLiterals.render(value, Types.OTHER)).isEqualTo(expected);
    }

    static Stream<Arguments> nulls() {
        return Stream.of(
                arguments(Types.VARCHAR, "CAST(NULL AS STRING)"),
                arguments(Types.CHAR, "CAST(NULL AS STRING)"),
                arguments(Types.LONGNVARCHAR, "CAST(NULL AS STRING)"),
                arguments(Types.CLOB, "CAST(NULL AS STRING)"),
                arguments(Types.BOOLEAN, "CAST(NULL AS BOOLEAN)"),
                arguments(Types.BIT, "CAST(NULL AS BOOLEAN)"),
                arguments(Types.TINYINT, "CAST(NULL AS TINYINT)"),
                arguments(Types.SMALLINT, "CAST(NULL AS SMALLINT)"),
                arguments(Types.INTEGER, "CAST(NULL AS INT)"),
                arguments(Types.BIGINT, "CAST(NULL AS BIGINT)"),
                arguments(Types.REAL, "CAST(NULL AS FLOAT)"),
                arguments(Types.FLOAT, "CAST(NULL AS DOUBLE)"),
                arguments(Types.DOUBLE, "CAST(NULL AS DOUBLE)"),
                arguments(Types.DECIMAL, "CAST(NULL AS DECIMAL(38, 10))"),
                arguments(Types.NUMERIC, "CAST(NULL AS DECIMAL(38, 10))"),
                arguments(Types.DATE, "CAST(NULL AS DATE)"),
                arguments(Types.TIME, "CAST(NULL AS TIME)"),
                arguments(Types.TIMESTAMP, "CAST(NULL AS TIMESTAMP(3))"),
                arguments(Types.TIMESTAMP_WITH_TIMEZONE, "CAST(NULL AS TIMESTAMP_LTZ(3))"),
                arguments(Types.BINARY, "CAST(NULL AS BYTES)"),
                arguments(Types.VARBINARY, "CAST(NULL AS BYTES)"),
                arguments(Types.BLOB, "CAST(NULL AS BYTES)"),
                arguments(Types.OTHER, "NULL"),
                arguments(Types.NULL, "NULL"),
                arguments(Types.JAVA_OBJECT, "NULL"),
                arguments(12345, "NULL"));
    }

    @ParameterizedTest
    @MethodSource("nulls")
    void rendersTypedNulls(int sqlType, String expected) {
        assertThat(SqlLiterals.render(null, sqlType)).isEqualTo(expected);
        assertThat(SqlLiterals.typedNull(sqlType)).isEqualTo(expected);
    }

    @Test
    void typeOfValueWinsOverDeclaredType() {
        assertThat(SqlLiterals.render(42, Types.VARCHAR)).isEqualTo("42");
    }

    @Test
    void rejectsUnsupportedClassesByName() {
        assertThatThrownBy(() -> SqlLiterals.render(new Object(), Types.OTHER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> SqlLiterals.render(BigInteger.ONE, Types.BIGINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.math.BigInteger");
        assertThatThrownBy(() -> SqlLiterals.render(new java.util.Date(0), Types.TIMESTAMP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.Date");
    }

    @Test
    void rejectsDecimalsWiderThanFlinkCanHold() {
        assertThatThrownBy(() -> SqlLiterals.render(new BigDecimal("1".repeat(39)), Types.DECIMAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("39 integer digits")
                .hasMessageContaining("38");
    }

    @Test
    void stringLiteralIsOneTokenWhateverTheContent() {
        for (String value : new String[] {"'", "\\'", "'); DROP TABLE t; --", "*/ '", "\\", "x' OR '1'='1"}) {
            String literal = SqlLiterals.render(value, Types.VARCHAR);
            assertThat(SqlScanner.skipQuotedOrComment(literal, 0)).isEqualTo(literal.length());
            assertThat(SqlText.unquote(literal)).isEqualTo(value);
        }
    }
}
