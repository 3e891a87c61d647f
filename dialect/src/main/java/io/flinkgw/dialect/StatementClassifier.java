package io.flinkgw.dialect;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies one SQL statement by its leading keywords, without parsing it.
 *
 * <p>Flink's parser stays the judge of validity; this only decides where a statement goes (the
 * session, a per-job cluster, or the result store), so it must be cheap and must never need a
 * planner.
 */
public final class StatementClassifier {

    private static final Pattern SET_WITH_KEY =
            Pattern.compile(
                    "(?is)SET\\s+(?<key>'(?:[^']|'')*'|[A-Za-z0-9_.\\-]+)\\s*(?:=\\s*(?<value>'(?:[^']|'')*'|\\S+))?\\s*");
    private static final Pattern RESET_WITH_KEY =
            Pattern.compile("(?is)RESET\\s+(?<key>'(?:[^']|'')*'|[A-Za-z0-9_.\\-]+)\\s*");
    private static final Pattern RESULT_SCAN =
            Pattern.compile(
                    "(?is)SELECT\\s+\\*\\s+FROM\\s+(?:TABLE\\s*\\(\\s*)?RESULT_SCAN\\s*\\(\\s*'(?<id>[^']*)'\\s*\\)\\s*\\)?\\s*");

    private static final Pattern EXECUTE_WRITE = Pattern.compile("(?is)EXECUTE\\s+(?:STATEMENT\\s+SET|INSERT)\\b");

    private static final String NULLABLE_LITERAL = "('(?:[^']|'')*'|NULL)";
    private static final Pattern GATEWAY_FUNCTION =
            Pattern.compile("(?is)SELECT\\s+\\*\\s+FROM\\s+FLINKGW_(PRIMARY_KEYS|FUNCTIONS)\\s*\\(\\s*" + NULLABLE_LITERAL
                    + "\\s*,\\s*" + NULLABLE_LITERAL + "\\s*,\\s*" + NULLABLE_LITERAL + "\\s*\\)\\s*");

    private StatementClassifier() {}

    /** Classifies {@code sql}; never throws for any input. */
    public static ClassifiedStatement classify(String sql) {
        String text = SqlText.stripTrailingSemicolons(SqlText.stripLeadingComments(sql));
        if (text.isEmpty()) {
            return ClassifiedStatement.of(StatementKind.EMPTY, text);
        }
        String first = SqlText.firstWord(text).toUpperCase(Locale.ROOT);
        switch (first) {
            case "(":
            case "WITH":
            case "VALUES":
            case "TABLE":
                return ClassifiedStatement.of(StatementKind.QUERY, text);
            case "SELECT":
                Matcher gateway = GATEWAY_FUNCTION.matcher(text);
                if (gateway.matches()) {
                    java.util.List<Optional<String>> arguments = new java.util.ArrayList<>();
                    for (int group = 2; group <= 4; group++) {
                        String literal = gateway.group(group);
                        arguments.add(literal.equalsIgnoreCase("NULL") ? Optional.empty() : Optional.of(SqlText.unquote(literal)));
                    }
                    StatementKind kind = gateway.group(1).equalsIgnoreCase("FUNCTIONS")
                            ? StatementKind.FUNCTIONS : StatementKind.PRIMARY_KEYS;
                    return new ClassifiedStatement(kind, text, Optional.empty(), Optional.empty(), arguments);
                }
                Matcher scan = RESULT_SCAN.matcher(text);
                if (scan.matches()) {
                    return new ClassifiedStatement(
                            StatementKind.RESULT_SCAN, text, Optional.of(scan.group("id")), Optional.empty());
                }
                return ClassifiedStatement.of(StatementKind.QUERY, text);
            case "INSERT":
                return ClassifiedStatement.of(StatementKind.INSERT, text);
            case "EXECUTE":
                // EXECUTE STATEMENT SET and EXECUTE INSERT write like an INSERT; EXECUTE PLAN is another statement
                return ClassifiedStatement.of(
                        EXECUTE_WRITE.matcher(text).lookingAt() ? StatementKind.INSERT : StatementKind.OTHER, text);
            case "SET":
                return classifySet(text);
            case "RESET":
                return classifyReset(text);
            case "USE":
                return ClassifiedStatement.of(StatementKind.USE, text);
            case "SHOW":
                return ClassifiedStatement.of(StatementKind.SHOW, text);
            case "DESCRIBE":
            case "DESC":
                return ClassifiedStatement.of(StatementKind.DESCRIBE, text);
            case "EXPLAIN":
                return ClassifiedStatement.of(StatementKind.EXPLAIN, text);
            case "CREATE":
            case "DROP":
            case "ALTER":
            case "LOAD":
            case "UNLOAD":
            case "ANALYZE":
            case "TRUNCATE":
                return ClassifiedStatement.of(StatementKind.DDL, text);
            default:
                return ClassifiedStatement.of(StatementKind.OTHER, text);
        }
    }

    private static ClassifiedStatement classifySet(String text) {
        if (text.trim().equalsIgnoreCase("SET")) {
            return ClassifiedStatement.of(StatementKind.SET, text);
        }
        Matcher matcher = SET_WITH_KEY.matcher(text);
        if (!matcher.matches()) {
            // Not a configuration SET; Flink reports what is wrong with it.
            return ClassifiedStatement.of(StatementKind.OTHER, text);
        }
        return new ClassifiedStatement(
                StatementKind.SET,
                text,
                Optional.of(SqlText.unquote(matcher.group("key"))),
                Optional.ofNullable(matcher.group("value")).map(SqlText::unquote));
    }

    private static ClassifiedStatement classifyReset(String text) {
        if (text.trim().equalsIgnoreCase("RESET")) {
            return ClassifiedStatement.of(StatementKind.RESET, text);
        }
        Matcher matcher = RESET_WITH_KEY.matcher(text);
        if (!matcher.matches()) {
            return ClassifiedStatement.of(StatementKind.OTHER, text);
        }
        return new ClassifiedStatement(
                StatementKind.RESET, text, Optional.of(SqlText.unquote(matcher.group("key"))), Optional.empty());
    }
}
