package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A statement with its kind and its text, stripped of leading comments and trailing semicolons.
 *
 * @param kind what the statement is
 * @param sql the statement text to hand to Flink
 * @param argument the key of SET/RESET, or the query id of RESULT_SCAN, when there is one
 * @param value the value of {@code SET 'key' = 'value'}, when there is one
 */
public record ClassifiedStatement(
        StatementKind kind, String sql, Optional<String> argument, Optional<String> value) {

    public ClassifiedStatement {
        requireNonNull(kind, "kind is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(argument, "argument is null");
        requireNonNull(value, "value is null");
    }

    static ClassifiedStatement of(StatementKind kind, String sql) {
        return new ClassifiedStatement(kind, sql, Optional.empty(), Optional.empty());
    }
}
