package io.flinkgw.gateway.samples;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * Makes row {@code n} of one sample table as Flink's internal row, on whichever subtask reads the
 * split holding {@code n}: the rows depend on the number only ({@link TpchRows}).
 */
final class SampleRowFunction implements GeneratorFunction<Long, RowData> {

    private static final long serialVersionUID = 1L;

    private final SampleTable table;
    private transient TpchRows rows;

    SampleRowFunction(SampleTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        rows = new TpchRows();
    }

    @Override
    public RowData map(Long index) {
        if (rows == null) {
            // used outside a source reader, where nothing calls open
            rows = new TpchRows();
        }
        return toInternal(rows.row(table, index));
    }

    /** A row of Java values as Flink's internal row: strings, decimals and dates in their internal forms. */
    static RowData toInternal(Object[] values) {
        GenericRowData row = new GenericRowData(values.length);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof String text) {
                row.setField(i, StringData.fromString(text));
            } else if (value instanceof BigDecimal decimal) {
                row.setField(i, DecimalData.fromBigDecimal(decimal, 15, 2));
            } else if (value instanceof LocalDate date) {
                row.setField(i, (int) date.toEpochDay());
            } else {
                row.setField(i, value);
            }
        }
        return row;
    }
}
