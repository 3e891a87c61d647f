package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

class JdbcValuesTest {

    private static RowType rowType(String type) {
        return (RowType) LogicalTypeParser.parse(type, JdbcValuesTest.class.getClassLoader());
    }

    @Test
    void internalValuesBecomeWireValues() {
        RowType type = rowType("ROW<s STRING, d DECIMAL(20, 4), ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), dt DATE,"
                + " arr ARRAY<INT>, m MAP<STRING, INT>, r ROW<x INT>, n INT>");
        Instant instant = Instant.parse("2024-01-01T00:00:00Z");
        GenericRowData row = GenericRowData.of(
                StringData.fromString("hi"),
                DecimalData.fromBigDecimal(new BigDecimal("12.3400"), 20, 4),
                TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-02-29T13:14:15.123")),
                TimestampData.fromInstant(instant),
                (int) LocalDate.parse("2024-02-29").toEpochDay(),
                new GenericArrayData(new Integer[] {1, null, 3}),
                new GenericMapData(Map.of(StringData.fromString("k"), 7)),
                GenericRowData.of(5),
                null);
        Object[] values = JdbcValues.forRows(type, ZoneId.of("Asia/Tokyo")).convert(row);
        assertThat(values[0]).isEqualTo("hi");
        assertThat(values[1]).isEqualTo(new BigDecimal("12.3400"));
        assertThat(values[2]).isEqualTo(LocalDateTime.parse("2024-02-29T13:14:15.123").toInstant(ZoneOffset.UTC).toEpochMilli());
        // the instant shown as a wall-clock time in the session zone (UTC+9)
        assertThat(values[3]).isEqualTo(LocalDateTime.parse("2024-01-01T09:00:00").toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(values[4]).isEqualTo((int) LocalDate.parse("2024-02-29").toEpochDay());
        assertThat(values[5]).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(values[6]).isEqualTo(List.of(List.of("k", 7)));
        assertThat(values[7]).isEqualTo(List.of(5));
        assertThat(values[8]).isNull();
    }

    @Test
    void timestampsFinerThanMillisecondsTravelAsExactDecimalMilliseconds() {
        RowType type = rowType("ROW<ts TIMESTAMP(9), ltz TIMESTAMP_LTZ(6), before TIMESTAMP(9), ms TIMESTAMP(3)>");
        GenericRowData row = GenericRowData.of(
                TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-05-06T07:08:09.123456789")),
                TimestampData.fromInstant(Instant.parse("2024-01-01T00:00:00.000001Z")),
                TimestampData.fromLocalDateTime(LocalDateTime.parse("1969-12-31T23:59:59.999999999")),
                TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-05-06T07:08:09.123")));
        Object[] values = JdbcValues.forRows(type, ZoneId.of("Asia/Tokyo")).convert(row);
        long millis = LocalDateTime.parse("2024-05-06T07:08:09.123").toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(values[0]).isEqualTo(new BigDecimal(millis + ".456789"));
        long tokyo = LocalDateTime.parse("2024-01-01T09:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(values[1]).isEqualTo(new BigDecimal(tokyo + ".001000"));
        assertThat(values[2]).isEqualTo(new BigDecimal("-0.000001"));
        assertThat(values[3]).isEqualTo(millis);
    }

    @Test
    void externalTimestampsKeepTheirNanoseconds() {
        Object value = JdbcValues.fromExternal(
                LocalDateTime.parse("2024-05-06T07:08:09.123456789"),
                LogicalTypeParser.parse("TIMESTAMP(9)", getClass().getClassLoader()), ZoneOffset.UTC);
        long millis = LocalDateTime.parse("2024-05-06T07:08:09.123").toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(value).isEqualTo(new BigDecimal(millis + ".456789"));
    }
}
