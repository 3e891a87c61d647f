package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

import java.sql.Types;
import java.util.List;

/**
 * Binds prepared-statement parameters on the gateway by replacing each {@code ?} placeholder with
 * a literal from {@link SqlLiterals}.
 *
 * <p>Flink has no server-side parameter binding, so the values end up in the SQL text. That is
 * safe only because each literal is a closed token whose quotes the value cannot end, and because
 * a {@code ?} inside a string literal, quoted identifier or comment is not a placeholder.
 */
public final class SqlParameters {

    private SqlParameters() {}

    /** The number of {@code ?} placeholders outside literals, quoted identifiers and comments. */
    public static int count(String sql) {
        requireNonNull(sql, "sql is null");
        int count = 0;
        int position = 0;
        while (position < sql.length()) {
            int end = SqlScanner.skipQuotedOrComment(sql, position);
            if (end > position) {
                position = end;
                continue;
            }
            if (sql.charAt(position) == '?') {
                count++;
            }
            position++;
        }
        return count;
    }

    /**
     * Replaces the placeholders of {@code sql}, in order, with literals for {@code values}.
     *
     * @param values one plain Java value (or {@code null}) per placeholder; see {@link SqlLiterals#render}
     * @param sqlTypes the {@link Types} constant each value was bound with, used to type {@code null}s;
     *     a {@code null} entry counts as {@link Types#OTHER}
     * @throws IllegalArgumentException if the number of values or types differs from the number of
     *     placeholders, or a value cannot be rendered
     */
    public static String bind(String sql, List<?> values, List<Integer> sqlTypes) {
        requireNonNull(sql, "sql is null");
        requireNonNull(values, "values is null");
        requireNonNull(sqlTypes, "sqlTypes is null");
        if (sqlTypes.size() != values.size()) {
            throw new IllegalArgumentException(
                    "Expected one SQL type per parameter value: " + values.size() + " values but "
                            + sqlTypes.size() + " types");
        }
        int placeholders = count(sql);
        if (placeholders != values.size()) {
            throw new IllegalArgumentException(
                    "Expected " + placeholders + " parameter values for the placeholders in the statement but got "
                            + values.size());
        }
        if (placeholders == 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * placeholders);
        int next = 0;
        int position = 0;
        while (position < sql.length()) {
            int end = SqlScanner.skipQuotedOrComment(sql, position);
            if (end > position) {
                out.append(sql, position, end);
                position = end;
                continue;
            }
            char current = sql.charAt(position);
            if (current == '?') {
                Integer sqlType = sqlTypes.get(next);
                String literal = SqlLiterals.render(values.get(next), sqlType == null ? Types.OTHER : sqlType);
                next++;
                // Keep the literal a token of its own: "E?" must not become an escaped literal E'...'.
                if (out.length() > 0 && SqlScanner.needsSpaceBetween(out.charAt(out.length() - 1), literal.charAt(0))) {
                    out.append(' ');
                }
                out.append(literal);
                if (position + 1 < sql.length()
                        && SqlScanner.needsSpaceBetween(literal.charAt(literal.length() - 1), sql.charAt(position + 1))) {
                    out.append(' ');
                }
            } else {
                out.append(current);
            }
            position++;
        }
        return out.toString();
    }
}
