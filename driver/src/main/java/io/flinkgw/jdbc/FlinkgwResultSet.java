package io.flinkgw.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * Avatica's result set with two repairs: a failure reported by a later fetch (a job that failed after
 * the first frame) is a {@link SQLException} with its SQLState, not an unchecked exception; and MAP
 * columns, which travel as lists of key/value pairs, come back as {@link Map}s.
 */
final class FlinkgwResultSet extends AvaticaResultSet {

    FlinkgwResultSet(
            AvaticaStatement statement, QueryState state, Meta.Signature signature, ResultSetMetaData metaData,
            TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
        super(statement, state, signature, metaData, timeZone, firstFrame);
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return super.next();
        } catch (AvaticaClientRuntimeException e) {
            throw new SQLException(e.getMessage(), e.getSqlState(), e.getErrorCode(), e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AvaticaClientRuntimeException remote) {
                throw new SQLException(remote.getMessage(), remote.getSqlState(), remote.getErrorCode(), e);
            }
            if (cause instanceof SQLException sqlException) {
                throw sqlException;
            }
            throw new SQLException("Fetching rows failed: " + e.getMessage(), "08006", e);
        }
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object value = super.getObject(columnIndex);
        return isMap(columnIndex) ? toMap(value) : value;
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
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
