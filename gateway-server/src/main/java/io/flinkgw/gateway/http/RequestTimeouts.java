package io.flinkgw.gateway.http;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the gateway without using it: one idle between requests longer than
 * the idle timeout, and one whose request has not fully arrived within the read timeout (answered 408).
 * A request being served has no timer: its long poll is bounded elsewhere. Timers run on the
 * connection's event loop and never block it.
 */
final class RequestTimeouts extends ChannelDuplexHandler {

    private static final String KEEP_ALIVE = "Keep-Alive";

    private final Duration idleTimeout;
    private final Duration readTimeout;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;

    RequestTimeouts(Duration idleTimeout, Duration readTimeout) {
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
        this.readTimeout = requireNonNull(readTimeout, "readTimeout is null");
    }

    /** Where the connection is between and within requests. */
    private enum State {
        /** Between requests (or before the first). */
        IDLE,
        /** A request's head arrived, its body has not ended. */
        READING,
        /** The whole request arrived and is being served. */
        SERVING
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        idle(context);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest && state == State.IDLE) {
            state = State.READING;
            schedule(context, readTimeout);
        }
        if (message instanceof LastHttpContent && state == State.READING) {
            state = State.SERVING;
            cancel();
        }
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && HttpUtil.isKeepAlive(response)) {
            // tells pooling clients (Avatica's Apache HttpClient) to drop the connection before we close
            // it, so a request is never sent on a connection the gateway is closing
            response.headers().set(KEEP_ALIVE, "timeout=" + Math.max(1, idleTimeout.toSeconds() - 1));
        }
        if (message instanceof LastHttpContent) {
            // the response is complete: the connection is idle once it is written
            promise.addListener(written -> {
                if (state == State.SERVING) {
                    idle(context);
                }
            });
        }
        context.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel();
        context.fireChannelInactive();
    }

    private void idle(ChannelHandlerContext context) {
        state = State.IDLE;
        schedule(context, idleTimeout);
    }

    private void schedule(ChannelHandlerContext context, Duration timeout) {
        cancel();
        State expected = state;
        timer = context.executor().schedule(() -> expire(context, expected), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext context, State expected) {
        if (state != expected || !context.channel().isActive()) {
            return;
        }
        switch (state) {
            case IDLE:
                context.close();
                return;
            case READING:
                state = State.SERVING;
                HttpAnswers.refuse(context, HttpResponseStatus.REQUEST_TIMEOUT,
                        "The request did not arrive within gateway.read-timeout (" + readTimeout + ")");
                return;
            case SERVING:
                return;
        }
        throw new AssertionError(state);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
