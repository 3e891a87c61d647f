package io.flinkgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class WallClockValuesTest {

    @Test
    void decimalMillisecondsBecomeTheExactWallClock() {
        assertThat(WallClockValues.timestamp(new BigDecimal("1714979289123.456789")))
                .isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09.123456789"));
        assertThat(WallClockValues.timestamp(1_714_979_289_123L)).isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09.123"));
        assertThat(WallClockValues.timestamp(new BigDecimal("-0.000001"))).isEqualTo(LocalDateTime.parse("1969-12-31T23:59:59.999999999"));
        assertThat(WallClockValues.timestamp(new BigDecimal("-1.500000"))).isEqualTo(LocalDateTime.parse("1969-12-31T23:59:59.998500"));
    }

    @Test
    void jsonDoublesAreExactToAboutAMicrosecond() {
        LocalDateTime read = WallClockValues.timestamp(1714979289123.456789);
        assertThat(read).isBetween(LocalDateTime.parse("2024-05-06T07:08:09.123456"), LocalDateTime.parse("2024-05-06T07:08:09.123458"));
    }

    @Test
    void datesAndTimesComeFromDaysAndMilliseconds() {
        assertThat(WallClockValues.date(19_782)).isEqualTo(LocalDate.parse("2024-02-29"));
        assertThat(WallClockValues.time(47_655_123)).isEqualTo(LocalTime.parse("13:14:15.123"));
    }

    @Test
    void sqlTimestampReadsTheWallClockInTheCalendarZoneWithEveryNanosecond() {
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Timestamp timestamp = WallClockValues.sqlTimestamp(LocalDateTime.parse("2024-05-06T07:08:09.123456789"), tokyo);
        assertThat(timestamp.getNanos()).isEqualTo(123_456_789);
        assertThat(timestamp.toInstant()).isEqualTo(java.time.Instant.parse("2024-05-05T22:08:09.123456789Z"));
    }

    @Test
    void formatsWithTheColumnsFractionDigits() {
        LocalDateTime value = LocalDateTime.parse("0987-05-06T07:08:09.120000");
        assertThat(WallClockValues.format(value, 9)).isEqualTo("0987-05-06 07:08:09.120000000");
        assertThat(WallClockValues.format(value, 3)).isEqualTo("0987-05-06 07:08:09.120");
        assertThat(WallClockValues.format(value, 0)).isEqualTo("0987-05-06 07:08:09");
    }
}
