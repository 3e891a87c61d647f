package io.flinkgw.gateway.samples;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * The {@code flinkgw-samples} connector: reads one of the sample tables ({@link SampleTable}), made on
 * read, and refuses every write, naming the table, as the samples are read-only.
 */
public final class SamplesTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    /** The connector's name, as the {@code connector} option of the samples' tables. */
    public static final String IDENTIFIER = "flinkgw-samples";

    /** Which sample table to read: region, nation, customer, orders or lineitem. */
    public static final ConfigOption<String> TABLE =
            ConfigOptions.key("table")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The sample table to read: region, nation, customer, orders or lineitem.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(TABLE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        String name = helper.getOptions().get(TABLE);
        SampleTable table = SampleTable.named(name).orElseThrow(() -> new ValidationException(
                "No sample table '" + name + "': the samples are region, nation, customer, orders and lineitem"));
        LogicalType declared = context.getPhysicalRowDataType().getLogicalType();
        if (!LogicalTypeChecks.getFieldNames(declared).equals(table.rowType().getFieldNames())
                || !declared.getChildren().equals(table.rowType().getChildren())) {
            throw new ValidationException("A " + IDENTIFIER + " table must have the columns of sample table " + name
                    + " exactly: " + table.rowType());
        }
        return new SamplesTableSource(table);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        throw new GatewayException(ErrorCode.ACCESS_DENIED,
                "Table " + context.getObjectIdentifier().asSummaryString() + " is read-only: the samples catalog"
                        + " and the " + IDENTIFIER + " connector cannot be written");
    }
}
