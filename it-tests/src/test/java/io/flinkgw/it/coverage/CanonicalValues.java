package io.flinkgw.it.coverage;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * One text form for a value whichever side produced it (a JDBC {@code getObject} or Flink's external
 * type), so rows of the gateway and of Flink itself compare exactly: numbers by value, temporals in
 * ISO form, collections and rows element by element, maps by key.
 */
public final class CanonicalValues {

    private CanonicalValues() {}

    /** The canonical text of a value. */
    public static String of(Object value) throws SQLException {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Time time) {
            return time.toLocalTime().toString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Array array) {
            return of(array.getArray());
        }
        if (value instanceof Object[] elements) {
            List<String> parts = new ArrayList<>();
            for (Object element : elements) {
                parts.add(of(element));
            }
            return parts.toString();
        }
        if (value instanceof List<?> elements) {
            return of(elements.toArray());
        }
        if (value instanceof Struct struct) {
            return "ROW" + of(struct.getAttributes());
        }
        if (value instanceof Row row) {
            Object[] fields = new Object[row.getArity()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = row.getField(i);
            }
            return "ROW" + of(fields);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                sorted.put(of(entry.getKey()), of(entry.getValue()));
            }
            return sorted.toString();
        }
        return value.toString();
    }
}
