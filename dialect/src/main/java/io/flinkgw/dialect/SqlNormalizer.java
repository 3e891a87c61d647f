package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

/**
 * Turns the SQL a JDBC client sends into Flink SQL: ANSI double-quoted identifiers become backtick
 * identifiers ({@link QuotedIdentifiers}), then JDBC escapes are translated ({@link JdbcEscapes}).
 * The gateway passes every statement through here before it classifies, binds or runs it.
 */
public final class SqlNormalizer {

    private SqlNormalizer() {}

    /** The Flink SQL for {@code sql}; never throws for any input, and normalizing twice changes nothing more. */
    public static String normalize(String sql) {
        requireNonNull(sql, "sql is null");
        String identifiers = QuotedIdentifiers.translate(sql);
        return JdbcEscapes.containsEscape(identifiers) ? JdbcEscapes.translate(identifiers) : identifiers;
    }
}
