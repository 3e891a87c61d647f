package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A statement with its kind and its text, stripped of leading comments and trailing semicolons.
 *
 * @param kind what the statement is
 * @param sql the statement text to hand to Flink
 * @param argument the key of SET/RESET, the query id of RESULT_SCAN, or the catalog of PRIMARY_KEYS
 *     (empty: any), when there is one
 * @param value the value of {@code SET 'key' = 'value'}, when there is one
 * @param arguments all arguments of a gateway statement (PRIMARY_KEYS: catalog, database, table; each
 *     may be empty for "any")
 */
public record ClassifiedStatement(
        StatementKind kind, String sql, Optional<String> argument, Optional<String> value,
        java.util.List<Optional<String>> arguments) {

    public ClassifiedStatement {
        requireNonNull(kind, "kind is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(argument, "argument is null");
        requireNonNull(value, "value is null");
        arguments = java.util.List.copyOf(requireNonNull(arguments, "arguments is null"));
    }

    /** A statement with a key and maybe a value (SET, RESET, RESULT_SCAN). */
    public ClassifiedStatement(StatementKind kind, String sql, Optional<String> argument, Optional<String> value) {
        this(kind, sql, argument, value, java.util.List.of());
    }

    static ClassifiedStatement of(StatementKind kind, String sql) {
        return new ClassifiedStatement(kind, sql, Optional.empty(), Optional.empty());
    }
}
