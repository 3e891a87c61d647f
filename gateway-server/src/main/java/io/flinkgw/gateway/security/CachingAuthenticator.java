package io.flinkgw.gateway.security;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful checks for a while, so a slow password hash is paid once per user and
 * password, not on every HTTP request (a long fetch makes many). Only a SHA-256 digest of the
 * credentials is kept; failures are never cached.
 */
public final class CachingAuthenticator implements Authenticator {

    private static final int MAX_ENTRIES = 10_000;

    private final Authenticator delegate;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    /** Caches {@code delegate}'s successes for {@code timeToLive}. */
    public CachingAuthenticator(Authenticator delegate, Duration timeToLive, Clock clock) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.timeToLive = requireNonNull(timeToLive, "timeToLive is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<String> authenticate(String user, String password) {
        String key = digest(user, password);
        Instant now = clock.instant();
        Entry entry = verified.get(key);
        if (entry != null && entry.expires().isAfter(now)) {
            return Optional.of(entry.user());
        }
        Optional<String> result = delegate.authenticate(user, password);
        if (result.isPresent()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(key, new Entry(result.get(), now.plus(timeToLive)));
        }
        return result;
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(user.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record Entry(String user, Instant expires) {}
}
