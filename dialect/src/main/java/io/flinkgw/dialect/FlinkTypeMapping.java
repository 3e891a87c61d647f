package io.flinkgw.dialect;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.List;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.ZonedTimestampType;

/**
 * Maps Flink logical types to JDBC types. Values follow the same mapping in {@link JdbcValues}.
 *
 * <p>TIMESTAMP_LTZ is an instant; it is shown as a {@code TIMESTAMP} in the session's time zone, as
 * Flink itself prints it. MAP has no JDBC type: it is a {@code JAVA_OBJECT} that the flinkgw driver
 * returns as a {@link java.util.Map}.
 */
public final class FlinkTypeMapping {

    private FlinkTypeMapping() {}

    /** The JDBC view of {@code type}. */
    public static JdbcType toJdbc(LogicalType type) {
        boolean nullable = type.isNullable();
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return scalar(Types.BOOLEAN, "BOOLEAN", 1, 0, 5, false, nullable, Boolean.class, JdbcType.WireForm.BOOLEAN);
            case TINYINT:
                return scalar(Types.TINYINT, "TINYINT", 3, 0, 4, true, nullable, Byte.class, JdbcType.WireForm.BYTE);
            case SMALLINT:
                return scalar(Types.SMALLINT, "SMALLINT", 5, 0, 6, true, nullable, Short.class, JdbcType.WireForm.SHORT);
            case INTEGER:
                return scalar(Types.INTEGER, "INTEGER", 10, 0, 11, true, nullable, Integer.class, JdbcType.WireForm.INTEGER);
            case BIGINT:
                return scalar(Types.BIGINT, "BIGINT", 19, 0, 20, true, nullable, Long.class, JdbcType.WireForm.LONG);
            case FLOAT:
                return scalar(Types.REAL, "FLOAT", 7, 0, 14, true, nullable, Float.class, JdbcType.WireForm.FLOAT);
            case DOUBLE:
                return scalar(Types.DOUBLE, "DOUBLE", 15, 0, 24, true, nullable, Double.class, JdbcType.WireForm.DOUBLE);
            case DECIMAL: {
                DecimalType decimal = (DecimalType) type;
                int precision = decimal.getPrecision();
                int scale = decimal.getScale();
                return scalar(
                        Types.DECIMAL, "DECIMAL", precision, scale, precision + 2, true, nullable, BigDecimal.class,
                        JdbcType.WireForm.DECIMAL);
            }
            case CHAR: {
                int length = ((CharType) type).getLength();
                return scalar(Types.CHAR, "CHAR", length, 0, length, false, nullable, String.class, JdbcType.WireForm.STRING);
            }
            case VARCHAR: {
                int length = ((VarCharType) type).getLength();
                // STRING is Flink's VARCHAR(2147483647); generic tools map the standard name
                return scalar(Types.VARCHAR, "VARCHAR", length, 0, length, false, nullable, String.class, JdbcType.WireForm.STRING);
            }
            case BINARY: {
                int length = ((BinaryType) type).getLength();
                return scalar(Types.BINARY, "BINARY", length, 0, length * 2, false, nullable, byte[].class, JdbcType.WireForm.BYTES);
            }
            case VARBINARY: {
                int length = ((VarBinaryType) type).getLength();
                String name = "VARBINARY";
                int display = length > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : length * 2;
                return scalar(Types.VARBINARY, name, length, 0, display, false, nullable, byte[].class, JdbcType.WireForm.BYTES);
            }
            case DATE:
                return scalar(Types.DATE, "DATE", 10, 0, 10, false, nullable, java.sql.Date.class, JdbcType.WireForm.DATE_DAYS);
            case TIME_WITHOUT_TIME_ZONE: {
                int fraction = ((TimeType) type).getPrecision();
                int width = 8 + (fraction > 0 ? fraction + 1 : 0);
                return scalar(Types.TIME, "TIME", width, fraction, width, false, nullable, java.sql.Time.class, JdbcType.WireForm.TIME_MILLIS);
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return timestamp("TIMESTAMP", ((TimestampType) type).getPrecision(), nullable);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestamp("TIMESTAMP_LTZ", ((LocalZonedTimestampType) type).getPrecision(), nullable);
            case TIMESTAMP_WITH_TIME_ZONE:
                return timestamp("TIMESTAMP WITH TIME ZONE", ((ZonedTimestampType) type).getPrecision(), nullable);
            case ARRAY: {
                JdbcType element = toJdbc(((ArrayType) type).getElementType());
                return new JdbcType(
                        Types.ARRAY, "ARRAY", 0, 0, Integer.MAX_VALUE, false, nullable, java.sql.Array.class.getName(),
                        JdbcType.WireForm.ARRAY, List.of(element), List.of());
            }
            case MULTISET: {
                JdbcType element = toJdbc(((MultisetType) type).getElementType());
                JdbcType count = toJdbc(new org.apache.flink.table.types.logical.IntType(false));
                return map("MULTISET", element, count, nullable);
            }
            case MAP: {
                MapType map = (MapType) type;
                return map("MAP", toJdbc(map.getKeyType()), toJdbc(map.getValueType()), nullable);
            }
            case ROW:
            case STRUCTURED_TYPE: {
                List<LogicalType> fields = type.getChildren();
                List<String> names =
                        type instanceof RowType row
                                ? row.getFieldNames()
                                : java.util.stream.IntStream.range(0, fields.size()).mapToObj(i -> "f" + i).toList();
                return new JdbcType(
                        Types.STRUCT, "ROW", 0, 0, Integer.MAX_VALUE, false, nullable, java.sql.Struct.class.getName(),
                        JdbcType.WireForm.STRUCT, fields.stream().map(FlinkTypeMapping::toJdbc).toList(), names);
            }
            case NULL:
                return scalar(Types.NULL, "NULL", 0, 0, 4, false, true, Object.class, JdbcType.WireForm.NULL);
            case INTERVAL_YEAR_MONTH:
            case INTERVAL_DAY_TIME:
            case DISTINCT_TYPE:
            case RAW:
            case SYMBOL:
            case UNRESOLVED:
            case VARIANT:
            case DESCRIPTOR:
            default:
                // Shown as Flink prints them; no JDBC type carries them faithfully.
                return scalar(
                        Types.VARCHAR, type.asSummaryString().replaceAll("\\(.*", ""), Integer.MAX_VALUE, 0, Integer.MAX_VALUE, false,
                        nullable, String.class, JdbcType.WireForm.STRING);
        }
    }

    private static JdbcType timestamp(String name, int fraction, boolean nullable) {
        int width = 19 + (fraction > 0 ? fraction + 1 : 0);
        // Avatica carries TIMESTAMP as whole milliseconds; finer values travel as exact decimal milliseconds.
        JdbcType.WireForm wireForm =
                fraction > 3 ? JdbcType.WireForm.TIMESTAMP_EXACT_MILLIS : JdbcType.WireForm.TIMESTAMP_MILLIS;
        return scalar(Types.TIMESTAMP, name, width, fraction, width, false, nullable, java.sql.Timestamp.class, wireForm);
    }

    private static JdbcType map(String name, JdbcType key, JdbcType value, boolean nullable) {
        return new JdbcType(
                Types.JAVA_OBJECT, name, 0, 0, Integer.MAX_VALUE, false, nullable, java.util.Map.class.getName(),
                JdbcType.WireForm.MAP, List.of(key, value), List.of("key", "value"));
    }

    private static JdbcType scalar(
            int sqlType, String name, int precision, int scale, int displaySize, boolean signed, boolean nullable,
            Class<?> javaClass, JdbcType.WireForm wireForm) {
        return new JdbcType(
                sqlType, name, precision, scale, displaySize, signed, nullable, javaClass.getName(), wireForm, List.of(), List.of());
    }
}
