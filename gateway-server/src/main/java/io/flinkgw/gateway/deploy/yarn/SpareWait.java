package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a warm application does before it has a query: it polls for its claim, and gives up once its
 * gateway's lease has not been renewed for {@code staleAfter}, measured by this process's own clock
 * between readings of the lease (so the clocks of the two machines never meet).
 */
final class SpareWait {

    private static final Logger LOG = LoggerFactory.getLogger(SpareWait.class);
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final SpareClaims claims;
    private final String spareId;
    private final String leaseName;
    private final Duration staleAfter;

    SpareWait(SpareClaims claims, String spareId, String leaseName, Duration staleAfter) {
        this.claims = requireNonNull(claims, "claims is null");
        this.spareId = requireNonNull(spareId, "spareId is null");
        this.leaseName = requireNonNull(leaseName, "leaseName is null");
        this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
    }

    /** The query handed to this spare; empty when the gateway's lease went stale first. */
    Optional<String> awaitQuery() throws IOException, InterruptedException {
        Optional<Long> lease = claims.leaseRenewedAt(leaseName);
        long leaseSeen = System.nanoTime();
        while (true) {
            Optional<String> queryId = claims.claimOf(spareId);
            if (queryId.isPresent()) {
                return queryId;
            }
            Optional<Long> current = claims.leaseRenewedAt(leaseName);
            if (!Objects.equals(current, lease) && current.isPresent()) {
                lease = current;
                leaseSeen = System.nanoTime();
            } else if (System.nanoTime() - leaseSeen > staleAfter.toNanos()) {
                LOG.info("The gateway's lease {} was not renewed for {} s: spare {} ends without a query",
                        leaseName, staleAfter.toSeconds(), spareId);
                return Optional.empty();
            }
            Thread.sleep(POLL_INTERVAL.toMillis()); // polling a file system; nothing can notify across machines
        }
    }
}
