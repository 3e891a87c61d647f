package io.flinkgw.dialect;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Translates JDBC escape syntax ({@code {d ...}}, {@code {t ...}}, {@code {ts ...}},
 * {@code {fn ...}}, {@code {escape ...}}, {@code {oj ...}}) into Flink SQL.
 *
 * <p>Text inside string literals, quoted identifiers and comments is never touched. Escapes may
 * nest. {@code {call ...}} and {@code {? = call ...}} are kept as written: Flink has no stored
 * procedures, so the gateway reports them. Malformed input (unbalanced braces, an unknown escape
 * keyword, a {@code {fn}} that is not a function call) is returned unchanged so that Flink's parser
 * reports the error at the position the user wrote.
 */
public final class JdbcEscapes {

    /** Deeper nesting than any real statement needs; bounds recursion on hostile input. */
    private static final int MAX_NESTING = 64;

    private JdbcEscapes() {}

    /** Whether {@code sql} has a {@code {} outside literals, quoted identifiers and comments. */
    public static boolean containsEscape(String sql) {
        requireNonNull(sql, "sql is null");
        int position = 0;
        while (position < sql.length()) {
            int end = SqlScanner.skipQuotedOrComment(sql, position);
            if (end > position) {
                position = end;
            } else if (sql.charAt(position) == '{') {
                return true;
            } else {
                position++;
            }
        }
        return false;
    }

    /** Translates every JDBC escape in {@code sql}; never throws for any input. */
    public static String translate(String sql) {
        requireNonNull(sql, "sql is null");
        if (!containsEscape(sql)) {
            return sql;
        }
        String translated = new Translator(sql).copyUntilClose(0);
        return translated == null ? sql : translated;
    }

    /** One pass over the text; every method returns {@code null} when the escapes are malformed. */
    private static final class Translator {

        private final String text;
        private int position;

        Translator(String text) {
            this.text = text;
        }

        /**
         * Copies text up to the {@code }} closing the current escape (left unconsumed), or to the end
         * at nesting depth 0, translating nested escapes on the way.
         */
        String copyUntilClose(int depth) {
            StringBuilder out = depth == 0 ? new StringBuilder(text.length()) : new StringBuilder();
            while (position < text.length()) {
                int end = SqlScanner.skipQuotedOrComment(text, position);
                if (end > position) {
                    out.append(text, position, end);
                    position = end;
                    continue;
                }
                char current = text.charAt(position);
                if (current == '}') {
                    // At depth 0 this brace closes nothing.
                    return depth == 0 ? null : out.toString();
                }
                if (current != '{') {
                    out.append(current);
                    position++;
                    continue;
                }
                if (depth >= MAX_NESTING) {
                    return null;
                }
                String replacement = escape(depth + 1);
                if (replacement == null) {
                    return null;
                }
                appendSeparated(out, replacement);
                if (position < text.length() && !replacement.isEmpty()
                        && SqlScanner.needsSpaceBetween(replacement.charAt(replacement.length() - 1), text.charAt(position))) {
                    out.append(' ');
                }
            }
            // Running out of text inside an escape means a brace was never closed.
            return depth == 0 ? out.toString() : null;
        }

        /** Translates the escape whose {@code {} is at the current position and consumes its {@code }}. */
        private String escape(int depth) {
            int start = position;
            position++;
            skipWhitespace();
            if (position < text.length() && text.charAt(position) == '?') {
                return verbatim(start, depth);
            }
            int keywordStart = position;
            while (position < text.length() && SqlScanner.isWordCharacter(text.charAt(position))) {
                position++;
            }
            String keyword = text.substring(keywordStart, position).toLowerCase(Locale.ROOT);
            if (keyword.equals("call")) {
                return verbatim(start, depth);
            }
            String prefix;
            switch (keyword) {
                case "d":
                    prefix = "DATE ";
                    break;
                case "t":
                    prefix = "TIME ";
                    break;
                case "ts":
                    prefix = "TIMESTAMP ";
                    break;
                case "escape":
                    prefix = "ESCAPE ";
                    break;
                case "oj":
                case "fn":
                    prefix = "";
                    break;
                default:
                    return null;
            }
            String body = copyUntilClose(depth);
            if (body == null || body.isBlank()) {
                return null;
            }
            position++;
            return keyword.equals("fn") ? JdbcFunctions.translate(body.trim()) : prefix + body.trim();
        }

        /** Keeps a whole escape as written, after checking that its braces balance. */
        private String verbatim(int start, int depth) {
            if (copyUntilClose(depth) == null) {
                return null;
            }
            position++;
            return text.substring(start, position);
        }

        private void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        /** The braces separated tokens, so the replacement must not glue onto its neighbours. */
        private static void appendSeparated(StringBuilder out, String replacement) {
            if (out.length() > 0 && !replacement.isEmpty()
                    && SqlScanner.needsSpaceBetween(out.charAt(out.length() - 1), replacement.charAt(0))) {
                out.append(' ');
            }
            out.append(replacement);
        }
    }
}
