package io.flinkgw.gateway.samples;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The tables of the samples catalog: TPC-H's names, columns and keys at a small scale. Every column is
 * NOT NULL, as in TPC-H. CHAR is used only where every value fills its length (flags, phones,
 * clerks), so comparisons with literals behave without padding.
 */
enum SampleTable {
    /** The five regions of TPC-H. */
    REGION("Regions of the world (TPC-H REGION): 5 rows.",
            List.of("r_regionkey"),
            column("r_regionkey", DataTypes.BIGINT(), "Region key (primary key)"),
            column("r_name", DataTypes.VARCHAR(25), "Region name"),
            column("r_comment", DataTypes.VARCHAR(152), "Free text")),
    /** The 25 nations of TPC-H, each in a region. */
    NATION("Nations (TPC-H NATION): 25 rows, each in a region.",
            List.of("n_nationkey"),
            column("n_nationkey", DataTypes.BIGINT(), "Nation key (primary key)"),
            column("n_name", DataTypes.VARCHAR(25), "Nation name"),
            column("n_regionkey", DataTypes.BIGINT(), "Region of the nation (references region.r_regionkey)"),
            column("n_comment", DataTypes.VARCHAR(152), "Free text")),
    /** Customers, each in a nation. */
    CUSTOMER("Customers (TPC-H CUSTOMER), each in a nation.",
            List.of("c_custkey"),
            column("c_custkey", DataTypes.BIGINT(), "Customer key (primary key)"),
            column("c_name", DataTypes.VARCHAR(25), "Customer name, Customer#000000001 and on"),
            column("c_address", DataTypes.VARCHAR(40), "Street address"),
            column("c_nationkey", DataTypes.BIGINT(), "Nation of the customer (references nation.n_nationkey)"),
            column("c_phone", DataTypes.CHAR(15), "Phone number; its country code is 10 + the nation key"),
            column("c_acctbal", DataTypes.DECIMAL(15, 2), "Account balance"),
            column("c_mktsegment", DataTypes.VARCHAR(10), "Market segment"),
            column("c_comment", DataTypes.VARCHAR(117), "Free text")),
    /** Orders, each of a customer. */
    ORDERS("Orders (TPC-H ORDERS), each of a customer.",
            List.of("o_orderkey"),
            column("o_orderkey", DataTypes.BIGINT(), "Order key (primary key)"),
            column("o_custkey", DataTypes.BIGINT(), "Customer who ordered (references customer.c_custkey)"),
            column("o_orderstatus", DataTypes.CHAR(1), "F: every line shipped, O: none, P: some"),
            column("o_totalprice", DataTypes.DECIMAL(15, 2),
                    "Total price: the sum of the lines' l_extendedprice * (1 + l_tax) * (1 - l_discount)"),
            column("o_orderdate", DataTypes.DATE(), "Order date, 1992-01-01 to 1998-08-02"),
            column("o_orderpriority", DataTypes.VARCHAR(15), "Priority, 1-URGENT to 5-LOW"),
            column("o_clerk", DataTypes.CHAR(15), "Clerk who took the order"),
            column("o_shippriority", DataTypes.INT(), "Shipping priority (always 0)"),
            column("o_comment", DataTypes.VARCHAR(79), "Free text")),
    /** The lines of the orders, one to seven per order. */
    LINEITEM("Order lines (TPC-H LINEITEM): 1 to 7 per order.",
            List.of("l_orderkey", "l_linenumber"),
            column("l_orderkey", DataTypes.BIGINT(), "Order of the line (references orders.o_orderkey)"),
            column("l_linenumber", DataTypes.INT(), "Line number within the order, from 1"),
            column("l_quantity", DataTypes.DECIMAL(15, 2), "Quantity, 1 to 50"),
            column("l_extendedprice", DataTypes.DECIMAL(15, 2), "Quantity times the part's retail price"),
            column("l_discount", DataTypes.DECIMAL(15, 2), "Discount, 0.00 to 0.10"),
            column("l_tax", DataTypes.DECIMAL(15, 2), "Tax, 0.00 to 0.08"),
            column("l_returnflag", DataTypes.CHAR(1), "R: returned, A: accepted, N: not yet received by 1995-06-17"),
            column("l_linestatus", DataTypes.CHAR(1), "F: shipped by 1995-06-17, O: open"),
            column("l_shipdate", DataTypes.DATE(), "Ship date, 1 to 121 days after the order date"),
            column("l_commitdate", DataTypes.DATE(), "Committed date, 30 to 90 days after the order date"),
            column("l_receiptdate", DataTypes.DATE(), "Receipt date, 1 to 30 days after the ship date"),
            column("l_shipinstruct", DataTypes.VARCHAR(25), "Shipping instruction"),
            column("l_shipmode", DataTypes.VARCHAR(10), "Shipping mode"),
            column("l_comment", DataTypes.VARCHAR(44), "Free text"));

    /** A column with its type and description. */
    record SampleColumn(String name, DataType type, String comment) {
        SampleColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(comment, "comment is null");
        }
    }

    private final String comment;
    private final List<String> primaryKey;
    private final List<SampleColumn> columns;

    SampleTable(String comment, List<String> primaryKey, SampleColumn... columns) {
        this.comment = comment;
        this.primaryKey = List.copyOf(primaryKey);
        this.columns = List.of(columns);
    }

    private static SampleColumn column(String name, DataType type, String comment) {
        return new SampleColumn(name, type.notNull(), comment);
    }

    /** The table's name in the catalog (lower case, as in TPC-H's queries). */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table named {@code name}, if it is one of the samples (names are matched exactly). */
    public static Optional<SampleTable> named(String name) {
        for (SampleTable table : values()) {
            if (table.tableName().equals(name)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    /** What the table holds, as its comment. */
    public String comment() {
        return comment;
    }

    List<SampleColumn> columns() {
        return columns;
    }

    /** The position of a column, from 0. */
    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(tableName() + " has no column " + column);
    }

    /** The table's Flink schema, with column comments and its primary key (not enforced). */
    Schema schema() {
        Schema.Builder builder = Schema.newBuilder();
        for (SampleColumn column : columns) {
            builder.column(column.name(), column.type()).withComment(column.comment());
        }
        return builder.primaryKeyNamed("pk_" + tableName(), primaryKey).build();
    }

    /** The row type the source produces. */
    RowType rowType() {
        return (RowType) DataTypes.ROW(columns.stream()
                .map(column -> DataTypes.FIELD(column.name(), column.type()))
                .toList()).notNull().getLogicalType();
    }

    /** The table as the catalog serves it: read through the samples connector. */
    CatalogTable catalogTable() {
        return CatalogTable.newBuilder()
                .schema(schema())
                .comment(comment)
                .options(Map.of("connector", SamplesTableFactory.IDENTIFIER, SamplesTableFactory.TABLE.key(), tableName()))
                .build();
    }
}
