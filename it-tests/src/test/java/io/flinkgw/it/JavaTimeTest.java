package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Temporal values reach the client exactly, to the nanosecond, through every fetch path and accessor. */
class JavaTimeTest extends SharedGatewayTest {

    private static final String NANOS = "2024-05-06 07:08:09.123456789";

    @Test
    void timestampOfPrecisionNineKeepsItsNanosecondsInEveryAccessor() throws Exception {
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CAST('" + NANOS + "' AS TIMESTAMP(9)) AS ts,"
                        + " CAST('2024-05-06 07:08:09.123456' AS TIMESTAMP(6)) AS micros,"
                        + " CAST('1969-12-31 23:59:59.999999999' AS TIMESTAMP(9)) AS before_epoch,"
                        + " CAST(NULL AS TIMESTAMP(9)) AS nothing, DATE '2024-02-29' AS dt, TIME '13:14:15.123' AS tm")) {
            assertThat(rows.next()).isTrue();
            LocalDateTime expected = LocalDateTime.parse("2024-05-06T07:08:09.123456789");
            assertThat(rows.getTimestamp("ts")).isEqualTo(Timestamp.valueOf(expected));
            assertThat(rows.getTimestamp(1).getNanos()).isEqualTo(123_456_789);
            assertThat(rows.getObject(1)).isEqualTo(Timestamp.valueOf(expected));
            assertThat(rows.getString(1)).isEqualTo(NANOS);
            assertThat(rows.getObject(1, LocalDateTime.class)).isEqualTo(expected);
            assertThat(rows.getObject("ts", LocalDate.class)).isEqualTo(expected.toLocalDate());
            assertThat(rows.getObject(1, LocalTime.class)).isEqualTo(expected.toLocalTime());
            ZoneId zone = ZoneId.systemDefault();
            assertThat(rows.getObject(1, OffsetDateTime.class)).isEqualTo(expected.atZone(zone).toOffsetDateTime());
            assertThat(rows.getObject(1, Instant.class)).isEqualTo(expected.atZone(zone).toInstant());
            assertThat(rows.getString(2)).isEqualTo("2024-05-06 07:08:09.123456");
            assertThat(rows.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("1969-12-31T23:59:59.999999999"));
            assertThat(rows.getTimestamp(3)).isEqualTo(Timestamp.valueOf("1969-12-31 23:59:59.999999999"));
            assertThat(rows.getDate(3).toLocalDate()).isEqualTo(LocalDate.parse("1969-12-31"));
            assertThat(rows.getTime(3).toLocalTime()).isEqualTo(LocalTime.parse("23:59:59"));
            assertThat(rows.getTimestamp(4)).isNull();
            assertThat(rows.wasNull()).isTrue();
            assertThat(rows.getObject(4, LocalDateTime.class)).isNull();
            assertThat(rows.getString(4)).isNull();
            assertThat(rows.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.parse("2024-02-29"));
            assertThat(rows.getObject("dt", LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2024-02-29T00:00"));
            assertThat(rows.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.parse("13:14:15.123"));
            assertThat(rows.getObject("tm", String.class)).isEqualTo("13:14:15.123");
        }
    }

    @Test
    void localTimestampKeepsItsNanoseconds() throws Exception {
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CAST(CAST('" + NANOS + "' AS TIMESTAMP(9)) AS TIMESTAMP_LTZ(9))")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(NANOS);
            assertThat(rows.getTimestamp(1).getNanos()).isEqualTo(123_456_789);
        }
    }

    /** Five rows, two per frame: the first frame through Avatica, the rest through binary or Avatica frames. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void laterFramesKeepNanosecondsOnBothFetchPaths(boolean fastFetch) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT * FROM (VALUES ");
        List<LocalDateTime> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            LocalDateTime value = LocalDateTime.parse("2024-05-06T07:08:09").plusNanos(i * 111_111_111L + i);
            expected.add(value);
            sql.append(i == 1 ? "" : ", ").append("(").append(i).append(", CAST('").append(value.toString().replace('T', ' '))
                    .append("' AS TIMESTAMP(9)))");
        }
        sql.append(") AS t(id, ts) ORDER BY id");
        Properties properties = new Properties();
        properties.setProperty("user", "tester");
        properties.setProperty("fast_fetch", Boolean.toString(fastFetch));
        try (Connection connection = DriverManager.getConnection(gateway.url(), properties);
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(2);
            try (ResultSet rows = statement.executeQuery(sql.toString())) {
                List<LocalDateTime> read = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                while (rows.next()) {
                    read.add(rows.getObject(2, LocalDateTime.class));
                    texts.add(rows.getString(2));
                    assertThat(rows.getTimestamp(2).toLocalDateTime()).isEqualTo(read.get(read.size() - 1));
                }
                assertThat(read).isEqualTo(expected);
                assertThat(texts).isEqualTo(expected.stream().map(value -> value.toString().replace('T', ' ')).toList());
            }
        }
    }

    @Test
    void stockAvaticaClientReadsTheMillisecond() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("url", "http://127.0.0.1:" + gateway.server().port());
        properties.setProperty("serialization", "protobuf");
        properties.setProperty("user", "tester");
        try (Connection connection = new org.apache.calcite.avatica.remote.Driver().connect("jdbc:avatica:remote:", properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CAST('" + NANOS + "' AS TIMESTAMP(9))")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getTimestamp(1).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09.123"));
        }
    }
}
