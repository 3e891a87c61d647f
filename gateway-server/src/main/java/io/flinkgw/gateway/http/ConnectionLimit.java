package io.flinkgw.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open HTTP connections and answers one over the cap with 503 before closing it, so a flood of
 * connections cannot exhaust the gateway's file descriptors and memory.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

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

    @Override
    public void channelActive(ChannelHandlerContext context) {
        if (open.incrementAndGet() > maxConnections) {
            HttpAnswers.refuse(context, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Too many open connections (gateway.max-connections = " + maxConnections + ")");
            return;
        }
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        open.decrementAndGet();
        context.fireChannelInactive();
    }
}
