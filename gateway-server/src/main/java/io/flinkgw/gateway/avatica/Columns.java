package io.flinkgw.gateway.avatica;

import io.flinkgw.dialect.FlinkTypeMapping;
import io.flinkgw.dialect.JdbcType;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.flink.table.types.logical.RowType;

/** Builds Avatica column metadata from Flink types, through the dialect's JDBC mapping. */
final class Columns {

    private Columns() {}

    static List<ColumnMetaData> of(RowType rowType) {
        List<ColumnMetaData> columns = new ArrayList<>();
        List<RowType.RowField> fields = rowType.getFields();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            columns.add(column(i, field.getName(), FlinkTypeMapping.toJdbc(field.getType())));
        }
        return columns;
    }

    static ColumnMetaData column(int ordinal, String name, JdbcType type) {
        boolean text = type.wireForm() == JdbcType.WireForm.STRING;
        // Avatica formats TIME and TIMESTAMP values with 'precision' fractional digits.
        boolean temporal = type.wireForm() == JdbcType.WireForm.TIMESTAMP_MILLIS
                || type.wireForm() == JdbcType.WireForm.TIMESTAMP_EXACT_MILLIS
                || type.wireForm() == JdbcType.WireForm.TIME_MILLIS;
        return new ColumnMetaData(
                ordinal,
                false,
                text,
                true,
                false,
                type.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
                type.signed(),
                type.displaySize(),
                name,
                name,
                "",
                temporal ? type.scale() : type.precision(),
                type.scale(),
                "",
                "",
                avaticaType(type),
                true,
                false,
                false,
                type.className());
    }

    private static ColumnMetaData.AvaticaType avaticaType(JdbcType type) {
        switch (type.wireForm()) {
            case BOOLEAN:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.BOOLEAN);
            case BYTE:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.BYTE);
            case SHORT:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.SHORT);
            case INTEGER:
            case DATE_DAYS:
            case TIME_MILLIS:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.INTEGER);
            case LONG:
            case TIMESTAMP_MILLIS:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.LONG);
            case FLOAT:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.FLOAT);
            case DOUBLE:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.DOUBLE);
            case DECIMAL:
            case TIMESTAMP_EXACT_MILLIS:
                // a number of milliseconds that Avatica's TIMESTAMP accessor reads, with the fraction below
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.NUMBER);
            case STRING:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.STRING);
            case BYTES:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.BYTE_STRING);
            case ARRAY:
                return ColumnMetaData.array(avaticaType(type.children().get(0)), type.typeName(), ColumnMetaData.Rep.ARRAY);
            case STRUCT: {
                List<ColumnMetaData> fields = new ArrayList<>();
                for (int i = 0; i < type.children().size(); i++) {
                    fields.add(column(i, type.childNames().get(i), type.children().get(i)));
                }
                return ColumnMetaData.struct(fields);
            }
            case MAP:
            case NULL:
                return ColumnMetaData.scalar(type.sqlType(), type.typeName(), ColumnMetaData.Rep.OBJECT);
        }
        throw new AssertionError(type.wireForm());
    }
}
