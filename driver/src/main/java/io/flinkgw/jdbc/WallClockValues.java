package io.flinkgw.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import org.apache.calcite.avatica.util.DateTimeUtils;

/**
 * Avatica's wire values of DATE, TIME and TIMESTAMP columns as exact {@code java.time} values. The
 * gateway sends a TIMESTAMP as milliseconds of the wall clock since 1970-01-01T00:00: a whole number
 * up to precision 3, a decimal whose six fraction digits are the nanoseconds below the millisecond
 * beyond it (a double when the JSON serialization was chosen, exact to about a microsecond).
 */
final class WallClockValues {

    private static final int NANOS_PER_MILLI = 1_000_000;

    private WallClockValues() {}

    static LocalDateTime timestamp(Number wire) {
        BigDecimal millis = decimal(wire);
        BigDecimal whole = millis.setScale(0, RoundingMode.FLOOR);
        long wholeMillis = whole.longValueExact();
        long belowMilli = millis.subtract(whole).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValue();
        return LocalDateTime.ofEpochSecond(
                        Math.floorDiv(wholeMillis, 1000), (int) Math.floorMod(wholeMillis, 1000) * NANOS_PER_MILLI, ZoneOffset.UTC)
                .plusNanos(belowMilli);
    }

    static LocalTime time(Number wire) {
        BigDecimal nanos = decimal(wire).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        return LocalTime.ofNanoOfDay(Math.floorMod(nanos.longValueExact(), 86_400_000_000_000L));
    }

    static LocalDate date(Number wire) {
        return LocalDate.ofEpochDay(wire.longValue());
    }

    /** The wall clock as a {@link Timestamp} read in {@code calendar}'s zone, as Avatica reads it, to the nanosecond. */
    static Timestamp sqlTimestamp(LocalDateTime wallClock, Calendar calendar) {
        long wholeMillis = wallClock.toEpochSecond(ZoneOffset.UTC) * 1000 + wallClock.getNano() / NANOS_PER_MILLI;
        Timestamp timestamp = DateTimeUtils.unixTimestampToSqlTimestamp(wholeMillis, calendar);
        timestamp.setNanos(wallClock.getNano());
        return timestamp;
    }

    /** {@code yyyy-MM-dd HH:mm:ss} with {@code fractionDigits} digits of the second. */
    static String format(LocalDateTime wallClock, int fractionDigits) {
        StringBuilder text = new StringBuilder(29).append(wallClock.toLocalDate()).append(' ');
        text.append(String.format("%02d:%02d:%02d", wallClock.getHour(), wallClock.getMinute(), wallClock.getSecond()));
        int digits = Math.min(Math.max(fractionDigits, 0), 9);
        if (digits > 0) {
            text.append('.').append(String.format("%09d", wallClock.getNano()), 0, digits);
        }
        return text.toString();
    }

    private static BigDecimal decimal(Number wire) {
        if (wire instanceof BigDecimal decimal) {
            return decimal;
        }
        if (wire instanceof Double || wire instanceof Float) {
            return BigDecimal.valueOf(wire.doubleValue());
        }
        return BigDecimal.valueOf(wire.longValue());
    }
}
