package io.flinkgw.jdbc;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code ResultSet.getObject(int, Class)} (JDBC 4.1/4.2): a column's value as the class a library
 * asks for, exact for the java.time types. Wall-clock values become instants in the connection's
 * time zone, as {@code getTimestamp(i).toInstant()} would.
 */
final class ObjectConversions {

    private ObjectConversions() {}

    static <T> T convert(FlinkgwResultSet results, int column, Class<T> type) throws SQLException {
        requireNonNull(type, "type is null");
        Object value = results.getObject(column);
        if (value == null) {
            return null;
        }
        return type.cast(converted(results, column, type, value));
    }

    private static Object converted(FlinkgwResultSet results, int column, Class<?> type, Object value) throws SQLException {
        if (type == String.class) {
            return results.getString(column);
        } else if (type == Boolean.class) {
            return results.getBoolean(column);
        } else if (type == Byte.class) {
            return results.getByte(column);
        } else if (type == Short.class) {
            return results.getShort(column);
        } else if (type == Integer.class) {
            return results.getInt(column);
        } else if (type == Long.class) {
            return results.getLong(column);
        } else if (type == Float.class) {
            return results.getFloat(column);
        } else if (type == Double.class) {
            return results.getDouble(column);
        } else if (type == BigDecimal.class) {
            return results.getBigDecimal(column);
        } else if (type == BigInteger.class) {
            return results.getBigDecimal(column).toBigInteger();
        } else if (type == byte[].class) {
            return results.getBytes(column);
        } else if (type == java.sql.Date.class) {
            return results.getDate(column);
        } else if (type == java.sql.Time.class) {
            return results.getTime(column);
        } else if (type == java.sql.Timestamp.class) {
            return results.getTimestamp(column);
        } else if (type == java.sql.Array.class) {
            return results.getArray(column);
        } else if (type == LocalDateTime.class) {
            return localDateTime(results, column, value);
        } else if (type == LocalDate.class) {
            return localDate(results, column, value);
        } else if (type == LocalTime.class) {
            return localTime(results, column, value);
        } else if (type == OffsetDateTime.class) {
            return localDateTime(results, column, value).atZone(results.zone()).toOffsetDateTime();
        } else if (type == ZonedDateTime.class) {
            return localDateTime(results, column, value).atZone(results.zone());
        } else if (type == Instant.class) {
            return localDateTime(results, column, value).atZone(results.zone()).toInstant();
        } else if (type.isInstance(value)) {
            return value;
        }
        throw SqlStates.notConvertible(
                "Cannot convert column " + column + " (" + value.getClass().getSimpleName() + ") to " + type.getName(), null);
    }

    private static LocalDateTime localDateTime(FlinkgwResultSet results, int column, Object value) throws SQLException {
        switch (results.sqlType(column)) {
            case Types.TIMESTAMP:
                return results.timestampWallClock(column);
            case Types.DATE:
                return localDate(results, column, value).atStartOfDay();
            case Types.TIME:
                return LocalDate.EPOCH.atTime(localTime(results, column, value));
            case Types.CHAR:
            case Types.VARCHAR:
                return parse(value, text -> LocalDateTime.parse(text.replace(' ', 'T')));
            default:
                throw notTemporal(column, value, LocalDateTime.class);
        }
    }

    private static LocalDate localDate(FlinkgwResultSet results, int column, Object value) throws SQLException {
        switch (results.sqlType(column)) {
            case Types.DATE:
                return results.wireValue(column) instanceof Number days ? WallClockValues.date(days)
                        : results.getDate(column).toLocalDate();
            case Types.TIMESTAMP:
                return results.timestampWallClock(column).toLocalDate();
            case Types.CHAR:
            case Types.VARCHAR:
                return parse(value, LocalDate::parse);
            default:
                throw notTemporal(column, value, LocalDate.class);
        }
    }

    private static LocalTime localTime(FlinkgwResultSet results, int column, Object value) throws SQLException {
        switch (results.sqlType(column)) {
            case Types.TIME:
                return results.wireValue(column) instanceof Number millis ? WallClockValues.time(millis)
                        : results.getTime(column).toLocalTime();
            case Types.TIMESTAMP:
                return results.timestampWallClock(column).toLocalTime();
            case Types.CHAR:
            case Types.VARCHAR:
                return parse(value, LocalTime::parse);
            default:
                throw notTemporal(column, value, LocalTime.class);
        }
    }

    private static <T> T parse(Object value, java.util.function.Function<String, T> parser) throws SQLException {
        String text = value.toString().trim();
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            throw SqlStates.badDatetime("Cannot read '" + text + "' as a date or time", e);
        }
    }

    private static SQLException notTemporal(int column, Object value, Class<?> type) {
        return SqlStates.notConvertible(
                "Cannot convert column " + column + " (" + value.getClass().getSimpleName() + ") to " + type.getName(), null);
    }
}
