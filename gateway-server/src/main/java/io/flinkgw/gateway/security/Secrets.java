package io.flinkgw.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets wherever the gateway prints text it did not write itself: settings listings, query
 * errors on the status endpoint, logs. A key is secret when its name says so (password, secret, token,
 * credential, ...); its value is shown as {@value #MASK}.
 */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "******";

    private static final List<String> SECRET_WORDS = List.of(
            "password", "passwd", "secret", "token", "credential", "apikey", "api-key", "api_key", "private-key",
            "private.key", "private_key");

    /** {@code 'some.password' = 'value'}, {@code password=value}, {@code "token": "value"}. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?<key>['\"`]?[\\w.\\-]*(?:password|passwd|secret|token|credential|api[-_]?key|private[-_.]key)[\\w.\\-]*['\"`]?"
                    + "\\s*[=:]\\s*)(?<value>'(?:[^']|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,;&)'\"]+)");

    private Secrets() {}

    /** Whether the value of configuration key {@code key} is a secret. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** {@code text} with the values of secret-looking assignments masked. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = ASSIGNMENT.matcher(text);
        StringBuilder redacted = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = matcher.group("value");
            char quote = value.charAt(0);
            String masked = quote == '\'' || quote == '"' ? quote + MASK + quote : MASK;
            matcher.appendReplacement(redacted, Matcher.quoteReplacement(matcher.group("key") + masked));
        }
        matcher.appendTail(redacted);
        return redacted.toString();
    }

    /** Key/value rows (as a {@code SET} listing returns them) with the values of secret keys masked. */
    public static List<Object[]> redactSettings(List<Object[]> rows) {
        List<Object[]> redacted = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] copy = row.clone();
            if (copy.length >= 2 && copy[0] instanceof String key && isSecretKey(key) && copy[1] != null) {
                copy[1] = MASK;
            }
            redacted.add(copy);
        }
        return List.copyOf(redacted);
    }
}
