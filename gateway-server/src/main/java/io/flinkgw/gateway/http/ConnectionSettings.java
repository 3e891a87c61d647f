package io.flinkgw.gateway.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long and how many HTTP connections the server keeps.
 *
 * @param maxConnections open connections beyond which a new one is answered 503 and closed
 * @param idleTimeout how long a connection may wait between requests
 * @param readTimeout how long a request may take to arrive once its head has
 */
public record ConnectionSettings(int maxConnections, Duration idleTimeout, Duration readTimeout) {

    /** Checks the settings. */
    public ConnectionSettings {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
        if (maxConnections < 1 || idleTimeout.isNegative() || idleTimeout.isZero()
                || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("Connection limits and timeouts must be positive");
        }
    }
}
