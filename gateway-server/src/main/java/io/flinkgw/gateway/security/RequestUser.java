package io.flinkgw.gateway.security;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authenticated user of the HTTP request being served, for the parts behind Avatica's API (which
 * has no request context). One instance per gateway; set only around the handling of one request.
 */
public final class RequestUser {

    private final ThreadLocal<String> user = new ThreadLocal<>();

    /** Runs {@code work} as {@code authenticated} (empty when authentication is off). */
    public <T> T runAs(Optional<String> authenticated, Supplier<T> work) {
        if (authenticated.isEmpty()) {
            return work.get();
        }
        user.set(authenticated.get());
        try {
            return work.get();
        } finally {
            user.remove();
        }
    }

    /** The authenticated user of the current request, if authentication is on. */
    public Optional<String> current() {
        return Optional.ofNullable(user.get());
    }
}
