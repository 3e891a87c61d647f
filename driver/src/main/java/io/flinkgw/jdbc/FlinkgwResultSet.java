package io.flinkgw.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.Cursor;

/**
 * Avatica's result set with two repairs: a failure reported by a later fetch (a job that failed after
 * the first frame) is a {@link SQLException} with its SQLState, not an unchecked exception; and MAP
 * columns, which travel as lists of key/value pairs, come back as {@link Map}s. TIMESTAMP values
 * keep every nanosecond the gateway sends ({@link WallClockValues}) in getTimestamp, getString and
 * getObject, and getObject(int, Class) converts to the java.time types ({@link ObjectConversions}).
 */
final class FlinkgwResultSet extends AvaticaResultSet {

    FlinkgwResultSet(
            AvaticaStatement statement, QueryState state, Meta.Signature signature, ResultSetMetaData metaData,
            TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
        super(statement, state, signature, metaData, timeZone, firstFrame);
    }

    /** Accessors of the columns' wire values, unconverted, for exact temporal values. */
    private List<Cursor.Accessor> wireAccessors = List.of();

    @Override
    protected AvaticaResultSet execute() throws SQLException {
        super.execute();
        wireAccessors = wireAccessors(cursor, columnMetaDataList.size());
        return this;
    }

    @Override
    public AvaticaResultSet execute2(Cursor cursor, List<ColumnMetaData> columns) {
        super.execute2(cursor, columns);
        wireAccessors = wireAccessors(cursor, columns.size());
        return this;
    }

    private List<Cursor.Accessor> wireAccessors(Cursor cursor, int columnCount) {
        ColumnMetaData wire = ColumnMetaData.dummy(
                ColumnMetaData.scalar(Types.JAVA_OBJECT, "OBJECT", ColumnMetaData.Rep.OBJECT), true);
        return cursor.createAccessors(Collections.nCopies(columnCount, wire), localCalendar, this);
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return super.next();
        } catch (SQLException e) {
            throw translate(e);
        } catch (AvaticaClientRuntimeException e) {
            throw translate(new SQLException(e.getMessage(), e.getSqlState(), e.getErrorCode(), e));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AvaticaClientRuntimeException remote) {
                throw translate(new SQLException(remote.getMessage(), remote.getSqlState(), remote.getErrorCode(), e));
            }
            if (cause instanceof SQLException sqlException) {
                throw translate(sqlException);
            }
            throw SqlStates.connectionLost("Fetching rows failed: " + e.getMessage(), e);
        }
    }

    private SQLException translate(SQLException error) {
        return statement instanceof StatementSupport.Supported supported ? supported.support().translate(error) : error;
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        if (sqlType(columnIndex) == Types.TIMESTAMP) {
            return getTimestamp(columnIndex);
        }
        Object value = super.getObject(columnIndex);
        return isMap(columnIndex) ? toMap(value) : value;
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return ObjectConversions.convert(this, columnIndex, type);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, localCalendar);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        if (sqlType(columnIndex) != Types.TIMESTAMP) {
            return super.getTimestamp(columnIndex, calendar);
        }
        LocalDateTime wallClock = timestampWallClock(columnIndex);
        return wallClock == null ? null : WallClockValues.sqlTimestamp(wallClock, calendar == null ? localCalendar : calendar);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(columnLabel), calendar);
    }

    // DATE and TIME of a TIMESTAMP column from the exact value: Avatica truncates the decimal
    // milliseconds toward zero, which moves values just before 1970 into the next second.

    @Override
    public java.sql.Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        if (sqlType(columnIndex) != Types.TIMESTAMP) {
            return super.getDate(columnIndex, calendar);
        }
        Timestamp timestamp = getTimestamp(columnIndex, calendar);
        return timestamp == null ? null : new java.sql.Date(timestamp.getTime());
    }

    @Override
    public java.sql.Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, localCalendar);
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public java.sql.Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return getDate(findColumn(columnLabel), calendar);
    }

    @Override
    public java.sql.Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        if (sqlType(columnIndex) != Types.TIMESTAMP) {
            return super.getTime(columnIndex, calendar);
        }
        Timestamp timestamp = getTimestamp(columnIndex, calendar);
        return timestamp == null ? null : new java.sql.Time(timestamp.getTime());
    }

    @Override
    public java.sql.Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, localCalendar);
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public java.sql.Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return getTime(findColumn(columnLabel), calendar);
    }

    /** A TIMESTAMP column's value as the wall clock the gateway sent, exact; null for NULL. */
    LocalDateTime timestampWallClock(int columnIndex) throws SQLException {
        Object wire = wireValue(columnIndex);
        if (wire == null) {
            return null;
        }
        if (wire instanceof Number millis) {
            return WallClockValues.timestamp(millis);
        }
        Timestamp timestamp = super.getTimestamp(columnIndex, localCalendar);
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }

    /** The value as it came over the wire (a number of days or milliseconds for temporal columns). */
    Object wireValue(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > wireAccessors.size()) {
            throw new SQLException("Column index out of range: " + columnIndex);
        }
        return wireAccessors.get(columnIndex - 1).getObject();
    }

    /** The column's {@link Types} constant. */
    int sqlType(int columnIndex) {
        if (columnIndex < 1 || columnIndex > signature.columns.size()) {
            return Types.OTHER;
        }
        return signature.columns.get(columnIndex - 1).type.id;
    }

    /** The time zone in which wall-clock values become instants (the connection's {@code timeZone}). */
    ZoneId zone() {
        return localCalendar.getTimeZone().toZoneId();
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        if (sqlType(columnIndex) == Types.TIMESTAMP) {
            LocalDateTime wallClock = timestampWallClock(columnIndex);
            int fractionDigits = signature.columns.get(columnIndex - 1).precision;
            return wallClock == null ? null : WallClockValues.format(wallClock, fractionDigits);
        }
        if (isMap(columnIndex)) {
            Object map = getObject(columnIndex);
            return map == null ? null : map.toString();
        }
        return super.getString(columnIndex);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    // Text columns convert to numbers as mature drivers do; Avatica's text accessor refuses.

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getByte(columnIndex), BigDecimal::byteValueExact);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getShort(columnIndex), BigDecimal::shortValueExact);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getInt(columnIndex), BigDecimal::intValueExact);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getLong(columnIndex), BigDecimal::longValueExact);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getFloat(columnIndex), BigDecimal::floatValue);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getDouble(columnIndex), BigDecimal::doubleValue);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return textAsNumber(columnIndex, () -> super.getBigDecimal(columnIndex), value -> value);
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    private <T> T textAsNumber(int columnIndex, Getter<T> getter, Function<BigDecimal, T> convert) throws SQLException {
        if (!isText(columnIndex)) {
            return getter.get();
        }
        String text = super.getString(columnIndex);
        if (text == null) {
            return getter.get();
        }
        try {
            return convert.apply(new BigDecimal(text.trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw SqlStates.notConvertible("Cannot convert '" + text + "' to a number", e);
        }
    }

    private boolean isText(int columnIndex) {
        if (columnIndex < 1 || columnIndex > signature.columns.size()) {
            return false;
        }
        int type = signature.columns.get(columnIndex - 1).type.id;
        return type == Types.CHAR || type == Types.VARCHAR;
    }

    @FunctionalInterface
    private interface Getter<T> {
        T get() throws SQLException;
    }

    private boolean isMap(int columnIndex) {
        if (columnIndex < 1 || columnIndex > signature.columns.size()) {
            return false;
        }
        ColumnMetaData column = signature.columns.get(columnIndex - 1);
        return column.type.id == Types.JAVA_OBJECT
                && ("MAP".equals(column.type.name) || "MULTISET".equals(column.type.name));
    }

    private static Object toMap(Object value) {
        if (!(value instanceof List<?> entries)) {
            return value;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Object entry : entries) {
            if (entry instanceof List<?> pair && pair.size() == 2) {
                map.put(pair.get(0), pair.get(1));
            }
        }
        return map;
    }
}
