package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.calcite.avatica.Meta;

/** What the gateway holds for one open statement: its prepared SQL and its current result. */
final class StatementState {

    final Meta.StatementHandle handle;
    private volatile String preparedSql;
    private volatile ResultCursor cursor;
    private volatile java.util.List<org.apache.calcite.avatica.ColumnMetaData> columns = java.util.List.of();

    StatementState(Meta.StatementHandle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    private volatile java.util.Map<Integer, Integer> nullTypes = java.util.Map.of();

    /** The SQL types of null parameters, by 0-based index, as the driver declared them. */
    java.util.Map<Integer, Integer> nullTypes() {
        return nullTypes;
    }

    void declareNullTypes(java.util.Map<Integer, Integer> types) {
        this.nullTypes = java.util.Map.copyOf(types);
    }

    Optional<String> preparedSql() {
        return Optional.ofNullable(preparedSql);
    }

    void prepare(String sql) {
        this.preparedSql = sql;
    }

    Optional<ResultCursor> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** The columns of the current result. */
    java.util.List<org.apache.calcite.avatica.ColumnMetaData> columns() {
        return columns;
    }

    /** Replaces the current result and its columns, closing the previous result. */
    synchronized void replaceCursor(ResultCursor next, java.util.List<org.apache.calcite.avatica.ColumnMetaData> nextColumns) {
        this.columns = java.util.List.copyOf(nextColumns);
        replaceCursor(next);
    }

    /** Replaces the current result, closing the previous one. */
    synchronized void replaceCursor(ResultCursor next) {
        ResultCursor previous = cursor;
        cursor = next;
        if (previous != null) {
            previous.close();
        }
    }

    synchronized void close() {
        replaceCursor(null);
    }
}
