package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

/**
 * Translates ANSI double-quoted identifiers ({@code "Name"}) into Flink's backtick identifiers
 * ({@code `Name`}), so that SQL generated for generic ANSI dialects (jOOQ's {@code DEFAULT}, BI
 * tools) runs unchanged.
 *
 * <p>Flink's default dialect lexes a double quote as nothing at all, so no statement that Flink
 * accepts today changes meaning. Inside the identifier a doubled {@code ""} is one {@code "} and a
 * backtick is doubled, Flink's escape for it. String literals (also {@code E'...'}, {@code X'...'},
 * {@code N'...'}), backtick identifiers and comments are copied as written; the contents of a hint
 * ({@code /*+ ... *}{@code /}) are translated, because Flink reads them as SQL tokens. An identifier
 * without its closing quote is left as written, so Flink's parser reports the error where the user
 * wrote it; a translated identifier keeps its length unless it holds {@code ""} or a backtick, so
 * error positions Flink reports still point into the text as written.
 */
public final class QuotedIdentifiers {

    private QuotedIdentifiers() {}

    /** Translates every complete double-quoted identifier in {@code sql}; never throws for any input. */
    public static String translate(String sql) {
        requireNonNull(sql, "sql is null");
        if (sql.indexOf('"') < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int position = 0;
        while (position < sql.length()) {
            char current = sql.charAt(position);
            if (current == '"') {
                int end = endOfIdentifier(sql, position + 1);
                if (end < 0) {
                    out.append(sql, position, sql.length());
                    return out.toString();
                }
                appendBacktickIdentifier(out, sql.substring(position + 1, end - 1));
                position = end;
            } else if (sql.startsWith("/*+", position)) {
                // a hint's contents are tokens; its closing */ is then copied as plain text
                out.append("/*+");
                position += 3;
            } else {
                int end = SqlScanner.skipQuotedOrComment(sql, position);
                int next = end > position ? end : position + 1;
                out.append(sql, position, next);
                position = next;
            }
        }
        return out.toString();
    }

    /** The index just past the closing quote of an identifier whose text starts at {@code start}, or -1. */
    private static int endOfIdentifier(String sql, int start) {
        int position = start;
        while (position < sql.length()) {
            if (sql.charAt(position) != '"') {
                position++;
            } else if (position + 1 < sql.length() && sql.charAt(position + 1) == '"') {
                position += 2;
            } else {
                return position + 1;
            }
        }
        return -1;
    }

    private static void appendBacktickIdentifier(StringBuilder out, String quotedText) {
        String name = quotedText.replace("\"\"", "\"");
        out.append('`').append(name.replace("`", "``")).append('`');
    }
}
