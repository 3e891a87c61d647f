package io.flinkgw.gateway.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

class RowBlockFormatTest {

    private static final RowType TYPE = (RowType) LogicalTypeParser.parse(
            "ROW<id BIGINT, name STRING, amount DECIMAL(38, 10), ts TIMESTAMP(9)>", RowBlockFormatTest.class.getClassLoader());

    private static byte[] write(int rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RowBlockWriter writer = new RowBlockWriter(bytes, TYPE)) {
            for (int i = 0; i < rows; i++) {
                writer.write(row(i));
            }
            writer.finish();
            assertThat(writer.rowCount()).isEqualTo(rows);
        }
        return bytes.toByteArray();
    }

    private static RowData row(long i) {
        return GenericRowData.of(
                i,
                i % 7 == 0 ? null : StringData.fromString("name-" + i),
                DecimalData.fromBigDecimal(new BigDecimal("12345678901234567890.0123456789").add(BigDecimal.valueOf(i)), 38, 10),
                TimestampData.fromEpochMillis(1_700_000_000_000L + i, 123_456));
    }

    @Test
    void rowsRoundTripExactlyAcrossManyBlocks() throws IOException {
        int rows = 50_000;
        byte[] file = write(rows);
        try (RowBlockReader reader = new RowBlockReader(new ByteArrayInputStream(file), TYPE, "test")) {
            for (long i = 0; i < rows; i++) {
                RowData read = reader.next();
                RowData expected = row(i);
                assertThat(read.getLong(0)).isEqualTo(i);
                assertThat(read.isNullAt(1)).isEqualTo(expected.isNullAt(1));
                if (!read.isNullAt(1)) {
                    assertThat(read.getString(1)).isEqualTo(expected.getString(1));
                }
                assertThat(read.getDecimal(2, 38, 10)).isEqualTo(expected.getDecimal(2, 38, 10));
                assertThat(read.getTimestamp(3, 9)).isEqualTo(expected.getTimestamp(3, 9));
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void skipJumpsToTheRequestedRow() throws IOException {
        byte[] file = write(30_000);
        try (RowBlockReader reader = new RowBlockReader(new ByteArrayInputStream(file), TYPE, "test")) {
            assertThat(reader.skip(25_001)).isEqualTo(25_001);
            assertThat(reader.next().getLong(0)).isEqualTo(25_001L);
            assertThat(reader.skip(10_000)).isEqualTo(4_998);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void emptyFileHasNoRows() throws IOException {
        try (RowBlockReader reader = new RowBlockReader(new ByteArrayInputStream(write(0)), TYPE, "test")) {
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void truncatedFileIsDetectedNotServedAsShort() throws IOException {
        byte[] file = write(10_000);
        byte[] truncated = Arrays.copyOf(file, file.length - 10);
        assertThatThrownBy(() -> {
            try (RowBlockReader reader = new RowBlockReader(new ByteArrayInputStream(truncated), TYPE, "cut")) {
                while (reader.next() != null) {
                    // read to the end
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("cut");
    }

    @Test
    void foreignFileIsRejected() {
        assertThatThrownBy(() -> new RowBlockReader(new ByteArrayInputStream(new byte[16]), TYPE, "other"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Not a flinkgw result file");
    }
}
