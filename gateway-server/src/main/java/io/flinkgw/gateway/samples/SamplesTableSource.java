package io.flinkgw.gateway.samples;

import static java.util.Objects.requireNonNull;

import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;

/**
 * Reads a sample table: a bounded source over the row numbers 0 to n - 1, split among the subtasks,
 * each number made into its row where it is read. Nothing is read from any file or shared.
 */
final class SamplesTableSource implements ScanTableSource {

    private final SampleTable table;

    SamplesTableSource(SampleTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        long rowCount = new TpchRows().rowCount(table);
        return SourceProvider.of(new DataGeneratorSource<RowData>(
                new SampleRowFunction(table), rowCount, InternalTypeInfo.of(table.rowType())));
    }

    @Override
    public DynamicTableSource copy() {
        return new SamplesTableSource(table);
    }

    @Override
    public String asSummaryString() {
        return "samples " + table.tableName();
    }
}
