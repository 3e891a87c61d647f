package io.flinkgw.gateway.avatica;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each user's open connections and refuses one beyond the cap. A slot is taken before the
 * (slow) session is opened, so concurrent opens cannot overshoot it.
 */
final class ConnectionsPerUser {

    private final int maxPerUser;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerUser(int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive");
        }
        this.maxPerUser = maxPerUser;
    }

    /**
     * Takes a slot for {@code user}.
     *
     * @throws GatewayException {@link ErrorCode#TOO_MANY_OPEN} when the user has the most connections allowed
     */
    void acquire(String user) {
        open.compute(user, (ignored, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                throw new GatewayException(ErrorCode.TOO_MANY_OPEN, "User '" + user + "' already has " + current
                        + " open connections (limits.max-connections-per-user = " + maxPerUser + "); close some first");
            }
            return current + 1;
        });
    }

    /** Gives back a slot of {@code user}. */
    void release(String user) {
        open.computeIfPresent(user, (ignored, count) -> count <= 1 ? null : count - 1);
    }
}
