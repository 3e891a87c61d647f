package io.flinkgw.gateway.security;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after a number of failed logins for one user, or from one address,
 * further attempts are refused without a password check for a lockout that doubles with every further
 * failure (up to 64 times the base). A success clears the user's count. Checking never blocks: callers
 * answer "throttled" at once, so no thread (least of all a network event loop) waits out a lockout.
 */
public final class LoginThrottle {

    /** Failures older than this, with none since, are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final int MAX_DOUBLINGS = 6;
    private static final int MAX_ENTRIES = 100_000;

    private final int maxFailuresPerUser;
    private final int maxFailuresPerAddress;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /**
     * @param maxFailuresPerUser failed logins of one user before it is locked out
     * @param maxFailuresPerAddress failed logins from one client address before it is locked out
     * @param lockout the first lockout; each further failure doubles it
     */
    public LoginThrottle(int maxFailuresPerUser, int maxFailuresPerAddress, Duration lockout, Clock clock) {
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("Failed-login limits must be positive");
        }
        this.maxFailuresPerUser = maxFailuresPerUser;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.lockout = requireNonNull(lockout, "lockout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** How long {@code user} or {@code address} stays locked out, or empty when a login may be tried now. */
    public Optional<Duration> lockedOut(String user, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(userKey(user)), lockedUntil(addressKey(address)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Records a failed login of {@code user} from {@code address}. */
    public void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(entry -> entry.forgotten(now) && entry.lockedUntil().isBefore(now));
        }
        record(userKey(user), maxFailuresPerUser, now);
        record(addressKey(address), maxFailuresPerAddress, now);
    }

    /** Records a successful login: the user's failures are forgotten (the address's are not). */
    public void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private void record(String key, int maxFailures, Instant now) {
        failures.compute(key, (ignored, previous) -> {
            int count = previous == null || previous.forgotten(now) ? 1 : previous.count() + 1;
            Instant lockedUntil = now;
            if (count >= maxFailures) {
                int doublings = Math.min(count - maxFailures, MAX_DOUBLINGS);
                lockedUntil = now.plus(lockout.multipliedBy(1L << doublings));
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    private Instant lockedUntil(String key) {
        Failures entry = failures.get(key);
        return entry == null ? Instant.MIN : entry.lockedUntil();
    }

    private static Instant later(Instant first, Instant second) {
        return first.isAfter(second) ? first : second;
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private record Failures(int count, Instant lastFailure, Instant lockedUntil) {
        boolean forgotten(Instant now) {
            return lastFailure.plus(FORGET_AFTER).isBefore(now) && !lockedUntil.isAfter(now);
        }
    }
}
