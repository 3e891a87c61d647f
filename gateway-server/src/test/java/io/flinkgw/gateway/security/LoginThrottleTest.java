package io.flinkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestingClock clock = new TestingClock();
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofSeconds(10), clock);

    @Test
    void aUserIsLockedOutAfterItsFailuresForALockoutThatDoubles() {
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("bob", "10.0.0.2");
        assertThat(throttle.lockedOut("bob", "10.0.0.3")).isEmpty();
        throttle.failed("bob", "10.0.0.3");
        assertThat(throttle.lockedOut("bob", "10.0.0.9")).contains(Duration.ofSeconds(10));
        assertThat(throttle.lockedOut("alice", "10.0.0.9")).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.lockedOut("bob", "10.0.0.9")).isEmpty();
        throttle.failed("bob", "10.0.0.4");
        assertThat(throttle.lockedOut("bob", "10.0.0.9")).contains(Duration.ofSeconds(20));
    }

    @Test
    void anAddressIsLockedOutAfterItsFailuresWhateverTheUsers() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user-" + i, "10.0.0.1");
        }
        assertThat(throttle.lockedOut("someone-else", "10.0.0.1")).isPresent();
        assertThat(throttle.lockedOut("someone-else", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUsersFailures() {
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("bob", "10.0.0.1");
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.lockedOut("bob", "10.0.0.2")).isEmpty();
    }

    /** A clock the test moves. */
    private static final class TestingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
