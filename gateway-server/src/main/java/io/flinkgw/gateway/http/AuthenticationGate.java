package io.flinkgw.gateway.http;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.security.Authenticator;
import io.flinkgw.gateway.security.LoginThrottle;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP BASIC credentials on the request head, before the body is read or aggregated: a request
 * without valid credentials is answered (401, or 429 while its user or address is locked out) and the
 * connection closed, its body never buffered. The slow password check runs on the request threads
 * with reading paused; what the decoder already produced meanwhile is held and replayed.
 */
final class AuthenticationGate extends ChannelInboundHandlerAdapter {

    /** The user the current request authenticated as, for the request handler. */
    static final AttributeKey<String> USER = AttributeKey.valueOf("flinkgw.user");

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationGate.class);

    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final ExecutorService checks;
    private final List<Object> held = new ArrayList<>();
    private State state = State.PASSING;

    AuthenticationGate(Authenticator authenticator, LoginThrottle throttle, ExecutorService checks) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.checks = requireNonNull(checks, "checks is null");
    }

    /** Where the gate is in the current request. */
    private enum State {
        /** Messages of an accepted request (or between requests) pass. */
        PASSING,
        /** The credentials are being checked; messages are held. */
        CHECKING,
        /** The request was refused; its remaining messages are dropped until the connection closes. */
        REFUSED
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        switch (state) {
            case CHECKING:
                held.add(message);
                return;
            case REFUSED:
                ReferenceCountUtil.release(message);
                return;
            case PASSING:
                if (message instanceof HttpRequest head && !isHealthCheck(head)) {
                    check(context, head);
                } else {
                    context.fireChannelRead(message);
                }
                return;
        }
        throw new AssertionError(state);
    }

    private void check(ChannelHandlerContext context, HttpRequest head) {
        context.channel().attr(USER).set(null);
        Optional<BasicCredentials> credentials = BasicCredentials.parse(head.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (credentials.isEmpty()) {
            refuse(context, HttpResponseStatus.UNAUTHORIZED, "Authentication required");
            return;
        }
        String user = credentials.get().user();
        String address = address(context);
        Optional<Duration> lockedOut = throttle.lockedOut(user, address);
        if (lockedOut.isPresent()) {
            refuse(context, HttpResponseStatus.TOO_MANY_REQUESTS,
                    "Too many failed logins: try again in " + Math.max(1, lockedOut.get().toSeconds()) + " s");
            return;
        }
        state = State.CHECKING;
        context.channel().config().setAutoRead(false);
        try {
            checks.execute(() -> {
                Optional<String> authenticated = authenticate(credentials.get(), address);
                context.executor().execute(() -> resume(context, head, authenticated));
            });
        } catch (RejectedExecutionException e) {
            refuse(context, HttpResponseStatus.SERVICE_UNAVAILABLE, "Gateway is busy or shutting down");
        }
    }

    private Optional<String> authenticate(BasicCredentials credentials, String address) {
        try {
            Optional<String> user = authenticator.authenticate(credentials.user(), credentials.password());
            if (user.isPresent()) {
                throttle.succeeded(credentials.user());
            } else {
                throttle.failed(credentials.user(), address);
            }
            return user;
        } catch (RuntimeException e) {
            LOG.warn("Password check failed for user '{}'", credentials.user(), e);
            throttle.failed(credentials.user(), address);
            return Optional.empty();
        }
    }

    private void resume(ChannelHandlerContext context, HttpRequest head, Optional<String> user) {
        if (!context.channel().isActive()) {
            return;
        }
        if (user.isEmpty()) {
            refuse(context, HttpResponseStatus.UNAUTHORIZED, "Authentication required");
            return;
        }
        context.channel().attr(USER).set(user.get());
        state = State.PASSING;
        List<Object> replay = List.copyOf(held);
        held.clear();
        context.channel().config().setAutoRead(true);
        context.fireChannelRead(head);
        replay.forEach(context::fireChannelRead);
    }

    /** Answers and closes: the body is never read, so the connection cannot carry another request. */
    private void refuse(ChannelHandlerContext context, HttpResponseStatus status, String message) {
        state = State.REFUSED;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        context.channel().config().setAutoRead(true);
        HttpAnswers.refuse(context, status, message);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    private static boolean isHealthCheck(HttpRequest head) {
        return head.method().equals(HttpMethod.GET) && head.uri().equals("/health");
    }

    private static String address(ChannelHandlerContext context) {
        return context.channel().remoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress().getHostAddress()
                : String.valueOf(context.channel().remoteAddress());
    }
}
