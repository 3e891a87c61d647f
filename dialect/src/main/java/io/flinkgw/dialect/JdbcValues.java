package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;


import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * Converts Flink values, internal ({@link RowData}) or external ({@link Row}), into the wire forms of
 * {@link JdbcType.WireForm}. Converters are built once per result and reused for every row.
 */
public final class JdbcValues {

    private JdbcValues() {}

    /** Converts whole internal rows of {@code rowType}. */
    public static RowConverter forRows(RowType rowType, ZoneId sessionZone) {
        requireNonNull(sessionZone, "sessionZone is null");
        List<LogicalType> fields = rowType.getChildren();
        RowData.FieldGetter[] getters = new RowData.FieldGetter[fields.size()];
        FieldConverter[] converters = new FieldConverter[fields.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(fields.get(i), i);
            converters[i] = internal(fields.get(i), sessionZone);
        }
        return row -> {
            Object[] values = new Object[getters.length];
            for (int i = 0; i < values.length; i++) {
                Object value = getters[i].getFieldOrNull(row);
                values[i] = value == null ? null : converters[i].convert(value);
            }
            return values;
        };
    }

    /** Converts an external value (as {@code TableResult.collect()} returns) of {@code type}. */
    public static Object fromExternal(Object value, LogicalType type, ZoneId sessionZone) {
        if (value == null) {
            return null;
        }
        switch (FlinkTypeMapping.toJdbc(type).wireForm()) {
            case DATE_DAYS:
                return value instanceof LocalDate date ? (int) date.toEpochDay() : value;
            case TIME_MILLIS:
                return value instanceof LocalTime time ? (int) (time.toNanoOfDay() / 1_000_000L) : value;
            case TIMESTAMP_MILLIS:
                return externalTimestamp(value, sessionZone).<Object>map(WallClock::millis).orElse(value);
            case TIMESTAMP_EXACT_MILLIS:
                return externalTimestamp(value, sessionZone).<Object>map(WallClock::exactMillis).orElse(value);
            case ARRAY: {
                LogicalType element = ((ArrayType) type).getElementType();
                Object[] items = value instanceof Object[] array ? array : new Object[] {value};
                List<Object> list = new ArrayList<>(items.length);
                for (Object item : items) {
                    list.add(fromExternal(item, element, sessionZone));
                }
                return list;
            }
            case MAP: {
                LogicalType keyType = type instanceof MapType map ? map.getKeyType() : ((MultisetType) type).getElementType();
                LogicalType valueType = type instanceof MapType map ? map.getValueType() : new org.apache.flink.table.types.logical.IntType();
                List<Object> entries = new ArrayList<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    entries.add(Arrays.asList(
                            fromExternal(entry.getKey(), keyType, sessionZone),
                            fromExternal(entry.getValue(), valueType, sessionZone)));
                }
                return entries;
            }
            case STRUCT: {
                Row row = (Row) value;
                List<LogicalType> fields = type.getChildren();
                List<Object> list = new ArrayList<>(fields.size());
                for (int i = 0; i < fields.size(); i++) {
                    list.add(fromExternal(row.getField(i), fields.get(i), sessionZone));
                }
                return list;
            }
            case STRING:
                return value.toString();
            case BOOLEAN:
            case BYTE:
            case SHORT:
            case INTEGER:
            case LONG:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
            case BYTES:
                return value;
            case NULL:
                return null;
        }
        throw new AssertionError(type);
    }

    private static Optional<LocalDateTime> externalTimestamp(Object value, ZoneId zone) {
        if (value instanceof LocalDateTime local) {
            return Optional.of(local);
        }
        if (value instanceof Instant instant) {
            return Optional.of(instant.atZone(zone).toLocalDateTime());
        }
        if (value instanceof OffsetDateTime offset) {
            return Optional.of(offset.toLocalDateTime());
        }
        if (value instanceof ZonedDateTime zoned) {
            return Optional.of(zoned.toLocalDateTime());
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return Optional.of(timestamp.toLocalDateTime());
        }
        return Optional.empty();
    }

    private static FieldConverter internal(LogicalType type, ZoneId zone) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return value -> ((StringData) value).toString();
            case DECIMAL:
                return value -> ((DecimalData) value).toBigDecimal();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_TIME_ZONE:
                return exact(type)
                        ? value -> WallClock.exactMillis(((TimestampData) value).toLocalDateTime())
                        : value -> ((TimestampData) value).getMillisecond();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
                FieldConverter wallClock = value -> ((TimestampData) value).toInstant().atZone(zone).toLocalDateTime();
                return exact(type)
                        ? value -> WallClock.exactMillis((LocalDateTime) wallClock.convert(value))
                        : value -> WallClock.millis((LocalDateTime) wallClock.convert(value));
            }
            case ARRAY: {
                LogicalType elementType = ((ArrayType) type).getElementType();
                return arrayConverter(elementType, zone);
            }
            case MAP:
            case MULTISET: {
                LogicalType keyType = type instanceof MapType map ? map.getKeyType() : ((MultisetType) type).getElementType();
                LogicalType valueType =
                        type instanceof MapType map ? map.getValueType() : new org.apache.flink.table.types.logical.IntType(false);
                FieldConverter keys = arrayConverter(keyType, zone);
                FieldConverter values = arrayConverter(valueType, zone);
                return value -> {
                    MapData map = (MapData) value;
                    List<?> keyList = (List<?>) keys.convert(map.keyArray());
                    List<?> valueList = (List<?>) values.convert(map.valueArray());
                    List<Object> entries = new ArrayList<>(keyList.size());
                    for (int i = 0; i < keyList.size(); i++) {
                        entries.add(Arrays.asList(keyList.get(i), valueList.get(i)));
                    }
                    return entries;
                };
            }
            case ROW: {
                RowConverter nested = forRows((RowType) type, zone);
                return value -> Arrays.asList(nested.convert((RowData) value));
            }
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case BINARY:
            case VARBINARY:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return value -> value;
            case NULL:
                return value -> null;
            default:
                return Object::toString;
        }
    }

    private static boolean exact(LogicalType type) {
        return FlinkTypeMapping.toJdbc(type).wireForm() == JdbcType.WireForm.TIMESTAMP_EXACT_MILLIS;
    }

    private static FieldConverter arrayConverter(LogicalType elementType, ZoneId zone) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        FieldConverter element = internal(elementType, zone);
        return value -> {
            ArrayData array = (ArrayData) value;
            List<Object> list = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                Object item = getter.getElementOrNull(array, i);
                list.add(item == null ? null : element.convert(item));
            }
            return list;
        };
    }

    /** Converts one internal row to wire values. */
    @FunctionalInterface
    public interface RowConverter {
        /** The row's values in wire form, one per column. */
        Object[] convert(RowData row);
    }

    @FunctionalInterface
    private interface FieldConverter {
        Object convert(Object value);
    }

}
