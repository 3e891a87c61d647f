package io.flinkgw.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Waits for something the test cannot be told about (a file appearing, a status endpoint's answer):
 * a timer thread checks it every 50 ms and completes a future, which the test waits on up to a deadline.
 */
public final class Conditions {

    private Conditions() {}

    /**
     * The first value of {@code probe} that {@code done} accepts, or, at the deadline, the last value
     * seen (null if none), for the caller's assertion to report.
     */
    public static <T> T await(Callable<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        CompletableFuture<T> accepted = new CompletableFuture<>();
        AtomicReference<T> last = new AtomicReference<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "test-condition");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                T value = probe.call();
                last.set(value);
                if (done.test(value)) {
                    accepted.complete(value);
                }
            } catch (Exception | Error e) {
                accepted.completeExceptionally(e);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        try {
            return accepted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return last.get();
        } finally {
            timer.shutdownNow();
        }
    }
}
