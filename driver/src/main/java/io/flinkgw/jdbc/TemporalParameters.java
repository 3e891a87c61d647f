package io.flinkgw.jdbc;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Optional;

/**
 * Date and time parameters as text with a declared SQL type, which the gateway binds as a typed
 * literal: Avatica's protobuf carries a timestamp parameter as milliseconds and has no java.time
 * values, so this keeps every nanosecond. Values with an offset or zone become the wall clock of the
 * connection's time zone, as {@code setTimestamp(i, Timestamp.from(instant))} would.
 */
final class TemporalParameters {

    private TemporalParameters() {}

    /** A parameter's text and the {@link Types} constant the gateway reads it as. */
    record Declared(int sqlType, String text) {}

    /** The declared form of {@code value} bound without a target type, if it is a java.time value. */
    static Optional<Declared> of(Object value, ZoneId zone) {
        if (value instanceof LocalDate date) {
            return Optional.of(new Declared(Types.DATE, date.toString()));
        }
        if (value instanceof LocalTime time) {
            return Optional.of(new Declared(Types.TIME, time.toString()));
        }
        if (value instanceof OffsetTime time) {
            LocalTime local = time.withOffsetSameInstant(zone.getRules().getOffset(Instant.now())).toLocalTime();
            return Optional.of(new Declared(Types.TIME, local.toString()));
        }
        if (value instanceof Timestamp timestamp && timestamp.getNanos() % 1_000_000 != 0) {
            // finer than Avatica's milliseconds; a whole millisecond goes through Avatica as always
            return Optional.of(new Declared(Types.TIMESTAMP, timestamp.toLocalDateTime().toString()));
        }
        return wallClock(value, zone).map(wallClock -> new Declared(Types.TIMESTAMP, wallClock.toString()));
    }

    /**
     * The declared form of {@code value} bound with {@code targetSqlType}, if the target is a date or
     * time type (text is passed on for the gateway to parse) or the value is a java.time value.
     */
    static Optional<Declared> of(Object value, int targetSqlType, ZoneId zone) throws SQLException {
        switch (targetSqlType) {
            case Types.DATE:
                return value instanceof String text ? Optional.of(new Declared(Types.DATE, text.trim()))
                        : temporal(value, zone).map(wallClock -> new Declared(Types.DATE, wallClock.toLocalDate().toString()));
            case Types.TIME:
            case Types.TIME_WITH_TIMEZONE:
                if (value instanceof String text) {
                    return Optional.of(new Declared(Types.TIME, text.trim()));
                }
                if (value instanceof LocalTime || value instanceof OffsetTime) {
                    return of(value, zone);
                }
                return temporal(value, zone).map(wallClock -> new Declared(Types.TIME, wallClock.toLocalTime().toString()));
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return value instanceof String text ? Optional.of(new Declared(Types.TIMESTAMP, text.trim()))
                        : temporal(value, zone).map(wallClock -> new Declared(Types.TIMESTAMP, wallClock.toString()));
            case Types.OTHER:
            case Types.JAVA_OBJECT:
                // no particular target (Spring passes OTHER when the parameter metadata says so)
                return of(value, zone);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return Optional.empty();
            default:
                if (value instanceof Temporal) {
                    throw SqlStates.unsupportedParameter(
                            "Cannot bind a " + value.getClass().getSimpleName() + " as SQL type " + targetSqlType);
                }
                return Optional.empty();
        }
    }

    private static Optional<LocalDateTime> temporal(Object value, ZoneId zone) {
        if (value instanceof LocalDate date) {
            return Optional.of(date.atStartOfDay());
        }
        if (value instanceof LocalTime time) {
            return Optional.of(LocalDate.EPOCH.atTime(time));
        }
        if (value instanceof java.sql.Date date) {
            return Optional.of(date.toLocalDate().atStartOfDay());
        }
        if (value instanceof java.sql.Time time) {
            return Optional.of(LocalDate.EPOCH.atTime(time.toLocalTime()));
        }
        if (value instanceof Timestamp timestamp) {
            return Optional.of(timestamp.toLocalDateTime());
        }
        return wallClock(value, zone);
    }

    private static Optional<LocalDateTime> wallClock(Object value, ZoneId zone) {
        if (value instanceof LocalDateTime local) {
            return Optional.of(local);
        }
        if (value instanceof OffsetDateTime offset) {
            return Optional.of(offset.atZoneSameInstant(zone).toLocalDateTime());
        }
        if (value instanceof ZonedDateTime zoned) {
            return Optional.of(zoned.withZoneSameInstant(zone).toLocalDateTime());
        }
        if (value instanceof Instant instant) {
            return Optional.of(instant.atZone(zone).toLocalDateTime());
        }
        return Optional.empty();
    }
}
