package io.flinkgw.dialect;

/** Small lexical helpers over SQL text: comments, semicolons, quoting. */
public final class SqlText {

    private SqlText() {}

    /** Removes leading whitespace, empty statements ({@code ;}), {@code --} line comments and {@code /* *}{@code /} block comments. */
    public static String stripLeadingComments(String sql) {
        int position = 0;
        int length = sql.length();
        while (position < length) {
            char current = sql.charAt(position);
            if (Character.isWhitespace(current) || current == ';') {
                position++;
            } else if (sql.startsWith("--", position)) {
                int end = sql.indexOf('\n', position);
                position = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", position)) {
                int end = sql.indexOf("*/", position + 2);
                position = end < 0 ? length : end + 2;
            } else {
                break;
            }
        }
        return sql.substring(position);
    }

    /** Removes trailing whitespace and semicolons. */
    public static String stripTrailingSemicolons(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }

    /** The first keyword of a statement, or {@code "("} when it starts with a parenthesis. */
    static String firstWord(String text) {
        if (text.startsWith("(")) {
            return "(";
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    /** Removes single quotes around a literal, unescaping doubled quotes; other text is trimmed. */
    public static String unquote(String token) {
        String trimmed = token.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
            return trimmed.substring(1, trimmed.length() - 1).replace("''", "'");
        }
        return trimmed;
    }

    /** Quotes a string as a SQL character literal. */
    public static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Quotes an identifier with backticks, Flink's identifier quote. */
    public static String quoteIdentifier(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
