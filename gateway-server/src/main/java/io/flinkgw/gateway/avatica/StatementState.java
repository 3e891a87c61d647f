package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.protocol.ParameterDeclaration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

    private final AtomicReference<ParameterDeclaration> declaration = new AtomicReference<>(ParameterDeclaration.NONE);

    /** What the driver declared for the next execution (parameter types, row limit); it holds for that one only. */
    ParameterDeclaration takeDeclaration() {
        return declaration.getAndSet(ParameterDeclaration.NONE);
    }

    void declare(ParameterDeclaration declaration) {
        this.declaration.set(requireNonNull(declaration, "declaration is null"));
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
