package io.flinkgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TemporalParametersTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void javaTimeValuesBecomeTypedText() {
        assertThat(TemporalParameters.of(LocalDate.parse("2024-02-29"), TOKYO))
                .contains(new TemporalParameters.Declared(Types.DATE, "2024-02-29"));
        assertThat(TemporalParameters.of(LocalTime.parse("13:14:15.123456789"), TOKYO))
                .contains(new TemporalParameters.Declared(Types.TIME, "13:14:15.123456789"));
        assertThat(TemporalParameters.of(LocalDateTime.parse("2024-05-06T07:08:09.123456789"), TOKYO))
                .contains(new TemporalParameters.Declared(Types.TIMESTAMP, "2024-05-06T07:08:09.123456789"));
        assertThat(TemporalParameters.of(Instant.parse("2024-05-05T22:08:09.000000001Z"), TOKYO))
                .contains(new TemporalParameters.Declared(Types.TIMESTAMP, "2024-05-06T07:08:09.000000001"));
        assertThat(TemporalParameters.of(OffsetDateTime.parse("2024-05-06T00:00+02:00"), TOKYO))
                .contains(new TemporalParameters.Declared(Types.TIMESTAMP, "2024-05-06T07:00"));
    }

    @Test
    void onlyTimestampsFinerThanAMillisecondLeaveAvaticasPath() {
        assertThat(TemporalParameters.of(Timestamp.valueOf("2024-05-06 07:08:09.123"), TOKYO)).isEmpty();
        assertThat(TemporalParameters.of(Timestamp.valueOf("2024-05-06 07:08:09.1234"), TOKYO)).isPresent();
        assertThat(TemporalParameters.of("text", TOKYO)).isEmpty();
    }

    @Test
    void targetTypesConvertOrRefuse() throws SQLException {
        assertThat(TemporalParameters.of(LocalDateTime.parse("2024-05-06T07:08:09"), Types.DATE, TOKYO))
                .contains(new TemporalParameters.Declared(Types.DATE, "2024-05-06"));
        assertThat(TemporalParameters.of(" 2024-05-06 ", Types.DATE, TOKYO))
                .contains(new TemporalParameters.Declared(Types.DATE, "2024-05-06"));
        assertThat(TemporalParameters.of(LocalDate.parse("2024-05-06"), Types.OTHER, TOKYO))
                .contains(new TemporalParameters.Declared(Types.DATE, "2024-05-06"));
        assertThat(TemporalParameters.of(LocalDate.parse("2024-05-06"), Types.VARCHAR, TOKYO)).isEmpty();
        assertThat(TemporalParameters.of(42, Types.INTEGER, TOKYO)).isEmpty();
        assertThatThrownBy(() -> TemporalParameters.of(LocalDate.parse("2024-05-06"), Types.INTEGER, TOKYO))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState()).isEqualTo("07006");
    }
}
