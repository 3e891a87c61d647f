package io.flinkgw.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Counts open HTTP connections and answers one over the cap with 503 before closing it, so a flood of
 * connections cannot exhaust the gateway's file descriptors and memory.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final Object changed = new Object();

    ConnectionLimit(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        this.maxConnections = maxConnections;
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    /** Waits until the number of open connections satisfies {@code condition}; false when {@code timeout} passed first. */
    boolean awaitOpen(IntPredicate condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!condition.test(open.get())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
            return true;
        }
    }

    private void signalChange() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        int now = open.incrementAndGet();
        signalChange();
        if (now > maxConnections) {
            HttpAnswers.refuse(context, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Too many open connections (gateway.max-connections = " + maxConnections + ")");
            return;
        }
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        open.decrementAndGet();
        signalChange();
        context.fireChannelInactive();
    }
}
