package io.flinkgw.gateway.error;

import java.util.HashSet;
import java.util.Set;

/** Finds the exception that really explains a failure, and states it in one line. */
public final class RootCause {

    private RootCause() {}

    /** The innermost cause of {@code error} (cycles are tolerated). */
    public static Throwable of(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        Throwable current = error;
        while (current.getCause() != null && seen.add(current)) {
            current = current.getCause();
        }
        return current;
    }

    /** {@code SimpleClassName: first line of message} of the root cause. */
    public static String describe(Throwable error) {
        Throwable root = of(error);
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getName();
        }
        String firstLine = message.strip().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + firstLine;
    }

    /** The class name a {@link #describe} line starts with: the text before its first colon, if any. */
    public static String className(String description) {
        int colon = description.indexOf(':');
        return (colon < 0 ? description : description.substring(0, colon)).strip();
    }
}
