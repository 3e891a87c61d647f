package io.flinkgw.dialect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Renders Java values as self-contained Flink SQL literals, for binding prepared-statement
 * parameters on the gateway.
 *
 * <p>Every rendering is one closed token or parenthesized expression, so it can replace a
 * {@code ?} anywhere an expression may stand. Strings become {@code '...'} with each {@code '}
 * doubled: Flink's lexer treats a backslash inside an ordinary {@code '...'} literal as a plain
 * character (only {@code E'...'} literals have backslash escapes), so doubling quotes is all that
 * keeps a value from ending its literal early.
 */
public final class SqlLiterals {

    /** Flink's largest DECIMAL precision. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private SqlLiterals() {}

    /**
     * Renders {@code value} as a Flink SQL literal; {@code sqlType} (a {@link Types} constant) only
     * decides the type of a {@code null}.
     *
     * @throws IllegalArgumentException if the value's class is not supported, or a decimal has more
     *     than {@value #MAX_DECIMAL_PRECISION} integer digits
     */
    public static String render(Object value, int sqlType) {
        if (value == null) {
            return typedNull(sqlType);
        }
        if (value instanceof String || value instanceof Character) {
            return SqlText.quoteLiteral(value.toString());
        }
        if (value instanceof Boolean bool) {
            return bool ? "TRUE" : "FALSE";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            // Parentheses keep "a-?" from turning into the comment "a--5".
            return number < 0 ? "(" + number + ")" : Long.toString(number);
        }
        if (value instanceof Double number) {
            return approximate(number, Double.toString(number), "DOUBLE");
        }
        if (value instanceof Float number) {
            return approximate(number, Float.toString(number), "FLOAT");
        }
        if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        }
        if (value instanceof byte[] bytes) {
            return binary(bytes);
        }
        if (value instanceof java.sql.Date date) {
            return date(date.toLocalDate());
        }
        if (value instanceof java.sql.Time time) {
            // toLocalTime() drops the milliseconds that java.sql.Time carries.
            int millis = (int) Math.floorMod(time.getTime(), 1000L);
            return time(time.toLocalTime().withNano(millis * 1_000_000));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDate date) {
            return date(date);
        }
        if (value instanceof LocalTime time) {
            return time(time);
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp(timestamp);
        }
        throw new IllegalArgumentException(
                "Unsupported parameter value class " + value.getClass().getName());
    }

    /** A typed {@code NULL} for a {@link Types} constant; a bare {@code NULL} when the type is unknown. */
    public static String typedNull(int sqlType) {
        String type = nullType(sqlType);
        return type == null ? "NULL" : "CAST(NULL AS " + type + ")";
    }

    private static String nullType(int sqlType) {
        switch (sqlType) {
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return "STRING";
            case Types.BOOLEAN:
            case Types.BIT:
                return "BOOLEAN";
            case Types.TINYINT:
                return "TINYINT";
            case Types.SMALLINT:
                return "SMALLINT";
            case Types.INTEGER:
                return "INT";
            case Types.BIGINT:
                return "BIGINT";
            case Types.REAL:
                return "FLOAT";
            // JDBC FLOAT is double precision.
            case Types.FLOAT:
            case Types.DOUBLE:
                return "DOUBLE";
            case Types.DECIMAL:
            case Types.NUMERIC:
                return "DECIMAL(38, 10)";
            case Types.DATE:
                return "DATE";
            case Types.TIME:
                return "TIME";
            case Types.TIMESTAMP:
                return "TIMESTAMP(3)";
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return "TIMESTAMP_LTZ(3)";
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return "BYTES";
            default:
                return null;
        }
    }

    private static String approximate(double value, String representation, String type) {
        if (Double.isNaN(value)) {
            return "CAST('NaN' AS " + type + ")";
        }
        if (Double.isInfinite(value)) {
            return "CAST('" + (value > 0 ? "Infinity" : "-Infinity") + "' AS " + type + ")";
        }
        if (value == 0 && 1 / value < 0) {
            // A numeric literal -0.0 is exact and loses its sign; the string cast keeps it.
            return "CAST('-0.0' AS " + type + ")";
        }
        return "CAST(" + representation + " AS " + type + ")";
    }

    /**
     * Precision and scale come from the value itself. Digits beyond what DECIMAL(38, s) can hold
     * are rounded half-up, as Flink would when storing the value.
     */
    private static String decimal(BigDecimal value) {
        BigDecimal decimal = value.scale() < 0 ? value.setScale(0) : value;
        int integerDigits = Math.max(decimal.precision() - decimal.scale(), 0);
        if (integerDigits > MAX_DECIMAL_PRECISION) {
            throw new IllegalArgumentException(
                    "Decimal parameter " + value + " has " + integerDigits
                            + " integer digits; Flink's DECIMAL holds at most " + MAX_DECIMAL_PRECISION);
        }
        if (integerDigits + decimal.scale() > MAX_DECIMAL_PRECISION) {
            decimal = decimal.setScale(MAX_DECIMAL_PRECISION - integerDigits, RoundingMode.HALF_UP);
            // Rounding 9.99... up adds an integer digit.
            if (decimal.precision() > MAX_DECIMAL_PRECISION) {
                decimal = decimal.setScale(decimal.scale() - 1, RoundingMode.HALF_UP);
            }
        }
        int precision = Math.max(decimal.precision(), decimal.scale());
        return "CAST('" + decimal.toPlainString() + "' AS DECIMAL(" + precision + ", " + decimal.scale() + "))";
    }

    private static String binary(byte[] bytes) {
        StringBuilder hex = new StringBuilder(bytes.length * 2 + 3).append("X'");
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.append('\'').toString();
    }

    private static String date(LocalDate date) {
        return "DATE '" + date + "'";
    }

    private static String time(LocalTime time) {
        return "TIME '" + clock(time, 0) + "'";
    }

    /** Timestamps keep at least milliseconds, matching Flink's usual TIMESTAMP(3). */
    private static String timestamp(LocalDateTime timestamp) {
        return "TIMESTAMP '" + timestamp.toLocalDate() + " " + clock(timestamp.toLocalTime(), 3) + "'";
    }

    /** {@code hh:mm:ss} with 3, 6 or 9 fraction digits, the fewest that keep every nanosecond. */
    private static String clock(LocalTime time, int minimumFractionDigits) {
        String clock = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        int nanos = time.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        digits = Math.max(digits, minimumFractionDigits);
        return digits == 0 ? clock : clock + "." + String.format("%09d", nanos).substring(0, digits);
    }
}
