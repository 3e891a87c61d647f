package io.flinkgw.it.benchmark;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Kills the gateway if the whole run overstays its deadline, so a hung fetch fails instead of waiting. */
final class Watchdog implements AutoCloseable {

    private final ScheduledExecutorService executor;

    private Watchdog(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static Watchdog start(BenchmarkGateway gateway, Duration deadline) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "benchmark-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.schedule(() -> {
            System.err.println("Benchmark overstayed " + deadline + "; killing the gateway");
            gateway.kill();
        }, deadline.toSeconds(), TimeUnit.SECONDS);
        return new Watchdog(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
