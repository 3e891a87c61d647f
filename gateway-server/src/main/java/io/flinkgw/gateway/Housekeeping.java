package io.flinkgw.gateway;

import io.flinkgw.gateway.avatica.FlinkgwMeta;
import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.query.ExpiredResults;
import io.flinkgw.gateway.query.OrphanResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background clean-up: idle connections closed, expired results and records removed, and result
 * directories no record names removed once older than a grace period.
 */
final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final ScheduledExecutorService timer;

    private Housekeeping(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Housekeeping start(
            Configuration configuration, FlinkgwMeta meta, ExpiredResults expired, OrphanResults orphans) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flinkgw-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        Duration idle = configuration.get(GatewayOptions.SESSION_IDLE_TIMEOUT);
        if (!idle.isZero()) {
            long period = Math.max(1, Math.min(idle.toMillis() / 4, TimeUnit.MINUTES.toMillis(1)));
            timer.scheduleWithFixedDelay(() -> guarded(() -> meta.closeIdleConnections(idle)), period, period, TimeUnit.MILLISECONDS);
        }
        Duration retention = configuration.get(GatewayOptions.RESULT_RETENTION);
        if (!retention.isZero()) {
            long period = Math.max(1, Math.min(retention.toMillis() / 4, TimeUnit.MINUTES.toMillis(10)));
            timer.scheduleWithFixedDelay(
                    () -> guarded(() -> expired.removeTerminalBefore(Instant.now().minus(retention))), period, period, TimeUnit.MILLISECONDS);
        }
        Duration grace = configuration.get(GatewayOptions.ORPHAN_RESULT_GRACE);
        if (!grace.isZero()) {
            long period = Math.max(1, Math.min(grace.toMillis() / 2, TimeUnit.MINUTES.toMillis(10)));
            timer.scheduleWithFixedDelay(() -> guarded(() -> removeOrphans(orphans, grace)), 0, period, TimeUnit.MILLISECONDS);
        }
        return new Housekeeping(timer);
    }

    private static void removeOrphans(OrphanResults orphans, Duration grace) {
        try {
            orphans.removeUnchangedSince(Instant.now().minus(grace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed; it runs again later", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
