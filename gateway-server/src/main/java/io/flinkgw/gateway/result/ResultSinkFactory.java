package io.flinkgw.gateway.result;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.legacy.SinkFunctionProvider;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code flinkgw-result} connector: the sink a batch SELECT is rewritten to insert into. It writes
 * a persisted result set under {@code path} that is committed only when the whole job succeeded.
 */
public final class ResultSinkFactory implements DynamicTableSinkFactory {

    /** The connector identifier. */
    public static final String IDENTIFIER = "flinkgw-result";

    /** The result directory of the query. */
    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Directory (a Flink file-system URI) the result set is written to.");

    /** Rows the result keeps at most (a statement's maxRows); 0 keeps all. */
    public static final ConfigOption<Long> MAX_ROWS =
            ConfigOptions.key("max-rows")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Most rows written to the result; the rest of the query's output is dropped. 0 keeps all.");

    /** Rows above which the job fails (the gateway's result limit); 0: no limit. */
    public static final ConfigOption<Long> ROW_LIMIT =
            ConfigOptions.key("row-limit")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Rows the result may hold; the job fails when the query produces more. 0: no limit.");

    /** Rows after which the result is complete and committed at once, before the job ends; 0: never. */
    public static final ConfigOption<Long> COMMIT_AT_ROWS =
            ConfigOptions.key("commit-at-rows")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Rows after which the result is complete (the statement's maxRows or the query's"
                            + " top-level LIMIT): the sink commits it then, and the gateway cancels the rest of the job."
                            + " 0: the result is committed when the job ends.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(MAX_ROWS, ROW_LIMIT, COMMIT_AT_ROWS);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        RowType rowType =
                (RowType) context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType().getLogicalType();
        return new ResultSink(
                helper.getOptions().get(PATH), rowType, helper.getOptions().get(MAX_ROWS), helper.getOptions().get(ROW_LIMIT),
                helper.getOptions().get(COMMIT_AT_ROWS));
    }

    private record ResultSink(String path, RowType rowType, long maxRows, long rowLimit, long commitAtRows) implements DynamicTableSink {

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return ChangelogMode.insertOnly();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            // One writer keeps the rows in the order the query produced them (ORDER BY).
            return SinkFunctionProvider.of(new ResultSinkFunction(new ResultOutputFormat(path, rowType, maxRows, rowLimit, commitAtRows)), 1);
        }

        @Override
        public DynamicTableSink copy() {
            return new ResultSink(path, rowType, maxRows, rowLimit, commitAtRows);
        }

        @Override
        public String asSummaryString() {
            return "flinkgw persisted result";
        }
    }
}
