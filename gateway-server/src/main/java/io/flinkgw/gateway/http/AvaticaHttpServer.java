package io.flinkgw.gateway.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.flinkgw.gateway.security.Authenticator;
import io.flinkgw.gateway.security.LoginThrottle;
import io.flinkgw.gateway.security.RequestUser;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.IntPredicate;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * The Avatica wire protocol over HTTP on Netty. One endpoint serves both serializations: a body that
 * starts with '{' is JSON, anything else protobuf. Requests run on a worker pool, never on the event
 * loop, because an execute or fetch may wait (bounded) for a query.
 */
public final class AvaticaHttpServer implements AutoCloseable {

    private final EventLoopGroup bossGroup = new NioEventLoopGroup(1, daemonThreads("flinkgw-http-accept"));
    private final EventLoopGroup workerGroup = new NioEventLoopGroup(0, daemonThreads("flinkgw-http-io"));
    private final ExecutorService requestThreads;
    private final ConnectionLimit connectionLimit;
    private Channel channel;

    private AvaticaHttpServer(int threads, Duration keepAlive, int maxConnections) {
        this.connectionLimit = new ConnectionLimit(maxConnections);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, keepAlive.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(threads * 16),
                daemonThreads("flinkgw-request"));
        pool.allowCoreThreadTimeOut(true);
        this.requestThreads = pool;
    }

    /**
     * Binds the server and starts serving.
     *
     * @param service the Avatica service requests are dispatched to
     * @param sideEndpoints the non-Avatica endpoints (health, metrics, statement info, fetch, cancel)
     * @param connections idle and read timeouts, and the cap on open connections
     * @param authenticator checks HTTP BASIC credentials; empty when authentication is off
     * @param loginThrottle refuses logins of a user or from an address after repeated failures
     * @param requestUser where the authenticated user of each request is made known to the Meta
     * @param tls the TLS context when the server speaks HTTPS
     */
    public static AvaticaHttpServer start(
            String bindAddress, int port, int maxRequestBytes, int threads, Duration threadKeepAlive, Service service,
            SideEndpoints sideEndpoints, ConnectionSettings connections,
            Optional<Authenticator> authenticator, LoginThrottle loginThrottle, RequestUser requestUser,
            Optional<SslContext> tls)
            throws InterruptedException {
        requireNonNull(service, "service is null");
        requireNonNull(sideEndpoints, "sideEndpoints is null");
        requireNonNull(connections, "connections is null");
        requireNonNull(loginThrottle, "loginThrottle is null");
        AvaticaHttpServer server = new AvaticaHttpServer(threads, threadKeepAlive, connections.maxConnections());
        try {
            AvaticaRequestHandler.Dispatch dispatch = new AvaticaRequestHandler.Dispatch(
                    new ProtobufHandler(service, new ProtobufTranslationImpl(), NoopMetricsSystem.getInstance()),
                    new JsonHandler(service, NoopMetricsSystem.getInstance()),
                    sideEndpoints,
                    server.requestThreads,
                    authenticator,
                    requestUser);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(server.bossGroup, server.workerGroup)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            tls.ifPresent(context -> channel.pipeline().addLast(context.newHandler(channel.alloc())));
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(server.connectionLimit)
                                    .addLast(new RequestTimeouts(connections.idleTimeout(), connections.readTimeout()));
                            // credentials are checked on the head, before the body is aggregated
                            authenticator.ifPresent(check -> channel.pipeline()
                                    .addLast(new AuthenticationGate(check, loginThrottle, server.requestThreads)));
                            channel.pipeline()
                                    .addLast(new HttpObjectAggregator(maxRequestBytes))
                                    .addLast(new AvaticaRequestHandler(dispatch));
                        }
                    });
            server.channel = bootstrap.bind(bindAddress, port).sync().channel();
            return server;
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** HTTP connections open now. */
    public int openConnections() {
        return connectionLimit.open();
    }

    /** Waits until the number of open HTTP connections satisfies {@code condition}; false on timeout. */
    public boolean awaitOpenConnections(IntPredicate condition, Duration timeout) throws InterruptedException {
        return connectionLimit.awaitOpen(condition, timeout);
    }

    /** The port the server listens on. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        requestThreads.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
