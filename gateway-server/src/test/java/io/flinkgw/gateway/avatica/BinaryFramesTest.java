package io.flinkgw.gateway.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.dialect.FlinkTypeMapping;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.protocol.BinaryFrame;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

/** The gateway's encoder against the decoder the driver runs ({@link BinaryFrame#read}), for every tag. */
class BinaryFramesTest {

    private static final String[] TYPES = {"BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE",
        "DECIMAL(38, 10)", "STRING", "BYTES", "DATE", "TIME(3)", "TIMESTAMP(3)", "TIMESTAMP(9)"};

    private static List<ColumnMetaData> columns() {
        List<ColumnMetaData> columns = new ArrayList<>();
        for (int i = 0; i < TYPES.length; i++) {
            columns.add(Columns.column(
                    i, "c" + i, FlinkTypeMapping.toJdbc(LogicalTypeParser.parse(TYPES[i], BinaryFramesTest.class.getClassLoader()))));
        }
        return columns;
    }

    @Test
    void everyTagRoundTripsFromTheGatewayEncoderToTheDriverDecoder() throws IOException {
        List<ColumnMetaData> columns = columns();
        Set<BinaryFrame.Tag> tags = EnumSet.noneOf(BinaryFrame.Tag.class);
        columns.forEach(column -> tags.add(BinaryFrames.tag(column)));
        assertThat(tags).containsExactlyInAnyOrder(BinaryFrame.Tag.values());

        Object[] values = {true, (byte) -7, (short) -300, -70_000, -9_000_000_000L, 1.5f, 2.25,
            new BigDecimal("-12345678901234567890.1234567890"), "héllo ✓", new byte[] {0, 1, (byte) 255}, 19_782,
            47_655_123, 1_709_212_455_123L, new BigDecimal("1714979289123.456789")};
        Object[] nulls = new Object[values.length];
        Meta.Frame frame = Meta.Frame.create(40, true, List.of(values, nulls));

        BinaryFrame.Decoded decoded = BinaryFrame.read(BinaryFrames.encode(frame, columns));

        assertThat(decoded.offset()).isEqualTo(40);
        assertThat(decoded.done()).isTrue();
        assertThat(decoded.rows()).hasSize(2);
        assertThat(decoded.rows().get(0)).usingRecursiveComparison().isEqualTo(values);
        assertThat(Arrays.asList(decoded.rows().get(1))).containsOnlyNulls();
    }

    @Test
    void decoderRefusesTruncatedFramesAndUnknownTags() {
        byte[] frame = BinaryFrames.encode(Meta.Frame.create(0, false, Collections.singletonList((Object) new Object[] {"text"})), columns().subList(8, 9));
        assertThatThrownBy(() -> BinaryFrame.read(Arrays.copyOf(frame, frame.length - 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("Truncated");
        byte[] unknown = frame.clone();
        unknown[4 + 8 + 1 + 4] = 99;
        assertThatThrownBy(() -> BinaryFrame.read(unknown)).isInstanceOf(IOException.class).hasMessageContaining("tag 99");
    }

    @Test
    void columnsOnlyAvaticaCarriesHaveNoTag() {
        ColumnMetaData array = Columns.column(
                0, "a", FlinkTypeMapping.toJdbc(LogicalTypeParser.parse("ARRAY<INT>", BinaryFramesTest.class.getClassLoader())));
        assertThatThrownBy(() -> BinaryFrames.tag(array)).isInstanceOf(GatewayException.class);
    }
}
