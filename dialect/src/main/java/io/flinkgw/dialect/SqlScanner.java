package io.flinkgw.dialect;

/**
 * Finds where string literals, quoted identifiers and comments end, so that callers only act on
 * characters Flink's lexer would read as plain SQL.
 *
 * <p>The rules follow Flink's SQL lexer: {@code '...'} with {@code ''} as the only escape (a
 * backslash is an ordinary character), {@code E'...'} where a backslash also escapes the next
 * character, {@code `...`} and {@code "..."} with doubled quotes, {@code --} and {@code //} line
 * comments ended by {@code \n} or {@code \r}, and {@code /* *}{@code /} comments, which do not nest.
 * Anything left unterminated runs to the end of the text; Flink rejects it anyway.
 */
final class SqlScanner {

    private SqlScanner() {}

    /**
     * The index just past the literal, quoted identifier or comment that starts at {@code position},
     * or {@code position} itself when none starts there.
     */
    static int skipQuotedOrComment(String sql, int position) {
        char current = sql.charAt(position);
        switch (current) {
            case '\'':
            case '`':
            case '"':
                return endOfQuoted(sql, position + 1, current, false);
            case 'E':
            case 'e':
                return startsEscapedLiteral(sql, position)
                        ? endOfQuoted(sql, position + 2, '\'', true)
                        : position;
            case '-':
                return sql.startsWith("--", position) ? endOfLine(sql, position + 2) : position;
            case '/':
                if (sql.startsWith("//", position)) {
                    return endOfLine(sql, position + 2);
                }
                if (sql.startsWith("/*", position)) {
                    int end = sql.indexOf("*/", position + 2);
                    return end < 0 ? sql.length() : end + 2;
                }
                return position;
            default:
                return position;
        }
    }

    /** Whether {@code character} can be part of an unquoted identifier or number. */
    static boolean isWordCharacter(char character) {
        return Character.isLetterOrDigit(character) || character == '_' || character == '$';
    }

    /**
     * Whether text ending in {@code before} and text starting with {@code after}, put side by side,
     * would lex differently than apart: {@code 'a'} then {@code 'b'} would become the one literal
     * {@code 'a''b'}, {@code E} then {@code 'x'} an escaped literal, {@code -} then {@code -5} a
     * comment.
     */
    static boolean needsSpaceBetween(char before, char after) {
        boolean glues = isTokenCharacter(before) && isTokenCharacter(after);
        boolean startsComment = (before == '-' && after == '-') || (before == '/' && (after == '*' || after == '/'));
        return glues || startsComment;
    }

    private static boolean isTokenCharacter(char character) {
        return isWordCharacter(character) || character == '\'' || character == '`' || character == '"';
    }

    /**
     * An {@code E} followed by a quote starts a C-style literal only when it is a token of its own:
     * in {@code ELSE'x'} the quote opens an ordinary literal.
     */
    private static boolean startsEscapedLiteral(String sql, int position) {
        return position + 1 < sql.length()
                && sql.charAt(position + 1) == '\''
                && (position == 0 || !isWordCharacter(sql.charAt(position - 1)));
    }

    private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int position = start;
        int length = sql.length();
        while (position < length) {
            char current = sql.charAt(position);
            if (backslashEscapes && current == '\\') {
                position += 2;
            } else if (current != quote) {
                position++;
            } else if (position + 1 < length && sql.charAt(position + 1) == quote) {
                position += 2;
            } else {
                return position + 1;
            }
        }
        return length;
    }

    private static int endOfLine(String sql, int start) {
        int position = start;
        while (position < sql.length() && sql.charAt(position) != '\n' && sql.charAt(position) != '\r') {
            position++;
        }
        return position;
    }
}
