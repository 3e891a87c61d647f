package io.flinkgw.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the body of a JDBC {@code {fn name(args)}} escape into the equivalent Flink SQL call.
 *
 * <p>Only names whose Flink spelling or argument shape differs are rewritten; every other call,
 * including JDBC functions Flink lacks (such as {@code SOUNDEX}, {@code DAYNAME} or {@code USER}),
 * passes through as written so that Flink reports what it does not know.
 */
final class JdbcFunctions {

    /** JDBC names that Flink knows under another name, with the same arguments. */
    private static final Map<String, String> RENAMED =
            Map.of("UCASE", "UPPER", "LCASE", "LOWER", "CHAR", "CHR", "CEILING", "CEIL", "DATABASE", "CURRENT_DATABASE");

    /** JDBC functions without arguments that Flink spells as niladic keywords, without parentheses. */
    private static final Map<String, String> NILADIC =
            Map.of(
                    "CURDATE", "CURRENT_DATE",
                    "CURRENT_DATE", "CURRENT_DATE",
                    "CURTIME", "CURRENT_TIME",
                    "CURRENT_TIME", "CURRENT_TIME",
                    "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP");

    /** Target types of {@code CONVERT(value, SQL_type)}, keyed without the {@code SQL_} prefix. */
    private static final Map<String, String> CONVERT_TYPES =
            Map.ofEntries(
                    Map.entry("BIGINT", "BIGINT"),
                    Map.entry("BINARY", "BYTES"),
                    Map.entry("VARBINARY", "BYTES"),
                    Map.entry("LONGVARBINARY", "BYTES"),
                    Map.entry("BIT", "BOOLEAN"),
                    Map.entry("BOOLEAN", "BOOLEAN"),
                    // Flink's CHAR and VARCHAR default to length 1, which would truncate.
                    Map.entry("CHAR", "STRING"),
                    Map.entry("VARCHAR", "STRING"),
                    Map.entry("LONGVARCHAR", "STRING"),
                    Map.entry("NCHAR", "STRING"),
                    Map.entry("NVARCHAR", "STRING"),
                    Map.entry("LONGNVARCHAR", "STRING"),
                    Map.entry("DATE", "DATE"),
                    Map.entry("DECIMAL", "DECIMAL"),
                    Map.entry("NUMERIC", "DECIMAL"),
                    // JDBC FLOAT is double precision; Flink's FLOAT is single precision.
                    Map.entry("DOUBLE", "DOUBLE"),
                    Map.entry("FLOAT", "DOUBLE"),
                    Map.entry("REAL", "FLOAT"),
                    Map.entry("INTEGER", "INT"),
                    Map.entry("SMALLINT", "SMALLINT"),
                    Map.entry("TINYINT", "TINYINT"),
                    Map.entry("TIME", "TIME"),
                    Map.entry("TIMESTAMP", "TIMESTAMP"));

    private JdbcFunctions() {}

    /**
     * The Flink form of {@code call} ({@code name} or {@code name(args)}), or {@code null} when it
     * does not start with a name. Text that is not a plain call passes through as written.
     */
    static String translate(String call) {
        int nameEnd = 0;
        while (nameEnd < call.length() && SqlScanner.isWordCharacter(call.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == 0) {
            return null;
        }
        String name = call.substring(0, nameEnd).toUpperCase(Locale.ROOT);
        String rest = call.substring(nameEnd).trim();
        String argumentText;
        if (rest.isEmpty()) {
            argumentText = "";
        } else if (closingParenthesis(rest) == rest.length() - 1) {
            argumentText = rest.substring(1, rest.length() - 1);
        } else {
            return call;
        }
        List<String> arguments = splitArguments(argumentText);
        return rewrite(name, argumentText, arguments, call);
    }

    private static String rewrite(String name, String argumentText, List<String> arguments, String call) {
        if (RENAMED.containsKey(name)) {
            return RENAMED.get(name) + "(" + argumentText + ")";
        }
        if (NILADIC.containsKey(name)) {
            // With a precision argument the call is already valid Flink syntax.
            return arguments.isEmpty() ? NILADIC.get(name) : call;
        }
        switch (name) {
            case "NOW":
                return arguments.isEmpty() ? "NOW()" : call;
            case "LENGTH":
                // JDBC LENGTH excludes trailing blanks; Flink's CHAR_LENGTH counts them.
                return arguments.size() == 1 ? "CHAR_LENGTH(RTRIM(" + arguments.get(0) + "))" : call;
            case "LOCATE":
                // Flink has LOCATE too, but POSITION is the standard spelling of the two-argument form.
                return arguments.size() == 2
                        ? "POSITION(" + arguments.get(0) + " IN " + arguments.get(1) + ")"
                        : call;
            case "INSERT":
                return arguments.size() == 4
                        ? "OVERLAY(" + arguments.get(0) + " PLACING " + arguments.get(3) + " FROM "
                                + arguments.get(1) + " FOR " + arguments.get(2) + ")"
                        : call;
            case "SPACE":
                return arguments.size() == 1 ? "REPEAT(' ', " + arguments.get(0) + ")" : call;
            case "TIMESTAMPADD":
            case "TIMESTAMPDIFF":
                if (arguments.size() != 3) {
                    return call;
                }
                return name + "(" + intervalName(arguments.get(0)) + ", " + arguments.get(1) + ", "
                        + arguments.get(2) + ")";
            case "CONVERT":
                String type = arguments.size() == 2 ? convertType(arguments.get(1)) : null;
                return type == null ? call : "CAST(" + arguments.get(0) + " AS " + type + ")";
            default:
                return call;
        }
    }

    /** {@code SQL_TSI_DAY} becomes {@code DAY}; fractional seconds are microseconds, as in Calcite. */
    private static String intervalName(String argument) {
        String upper = argument.toUpperCase(Locale.ROOT);
        String plain = upper.startsWith("SQL_TSI_") ? upper.substring("SQL_TSI_".length()) : upper;
        switch (plain) {
            case "FRAC_SECOND":
                return "MICROSECOND";
            case "SECOND":
            case "MINUTE":
            case "HOUR":
            case "DAY":
            case "WEEK":
            case "MONTH":
            case "QUARTER":
            case "YEAR":
                return plain;
            default:
                return argument;
        }
    }

    private static String convertType(String argument) {
        String upper = argument.toUpperCase(Locale.ROOT);
        return CONVERT_TYPES.get(upper.startsWith("SQL_") ? upper.substring("SQL_".length()) : upper);
    }

    /** The index of the parenthesis closing the one {@code text} starts with, or -1. */
    private static int closingParenthesis(String text) {
        if (!text.startsWith("(")) {
            return -1;
        }
        int depth = 0;
        int position = 0;
        while (position < text.length()) {
            int end = SqlScanner.skipQuotedOrComment(text, position);
            if (end > position) {
                position = end;
                continue;
            }
            char current = text.charAt(position);
            if (current == '(') {
                depth++;
            } else if (current == ')' && --depth == 0) {
                return position;
            }
            position++;
        }
        return -1;
    }

    /** Splits at commas outside parentheses, literals and comments; trims each argument. */
    private static List<String> splitArguments(String text) {
        List<String> arguments = new ArrayList<>();
        if (text.isBlank()) {
            return arguments;
        }
        int depth = 0;
        int start = 0;
        int position = 0;
        while (position < text.length()) {
            int end = SqlScanner.skipQuotedOrComment(text, position);
            if (end > position) {
                position = end;
                continue;
            }
            char current = text.charAt(position);
            if (current == '(') {
                depth++;
            } else if (current == ')') {
                depth--;
            } else if (current == ',' && depth == 0) {
                arguments.add(text.substring(start, position).trim());
                start = position + 1;
            }
            position++;
        }
        arguments.add(text.substring(start).trim());
        return arguments;
    }
}
