package io.flinkgw.jdbc;

import java.util.regex.Pattern;

/**
 * Masks secrets in text the driver puts into exception messages: the values of URL or property
 * parameters whose name says password, secret, token or credential.
 */
final class Redaction {

    /** What a secret value is shown as. */
    static final String MASK = "******";

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([\\w.\\-]*(?:password|passwd|secret|token|credential)[\\w.\\-]*\\s*=\\s*)[^&;,\\s]*");

    private Redaction() {}

    /** {@code text} with every {@code name=value} whose name is secret-looking shown as {@code name=******}. */
    static String text(String text) {
        return text == null ? null : SECRET_PARAMETER.matcher(text).replaceAll("$1" + MASK);
    }
}
