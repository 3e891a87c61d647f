package io.flinkgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against an HTTP server that refuses every request or drops every connection (a unit
 * seam: the real gateway's refusals are checked end to end in the it-tests): it gives up with a clear
 * SQLException after a few tries, where Avatica's own client would try for ever.
 */
class GatewayHttpClientTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Avatica's connect asks to open the connection once more, a second later, when the first try fails. */
    private static final int OPENS_PER_CONNECT = 2;
    private static final int REFUSALS_PER_SEND = 4;

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aGatewayThatKeepsRefusingIsReportedAsARejectedConnectionWithItsReason() throws Exception {
        start(answering(503, "Too many open connections (gateway.max-connections = 1)"));
        SQLException error = connectAndFail();
        assertThat(error.getSQLState()).isEqualTo(GatewayHttpClient.REJECTED);
        assertThat(error.getMessage()).contains("HTTP/503", "gateway.max-connections = 1");
        assertThat(requests.get()).isBetween(REFUSALS_PER_SEND, OPENS_PER_CONNECT * REFUSALS_PER_SEND);
    }

    @Test
    void aGatewayThatNeverAnswersIsReportedAsAConnectionFailure() throws Exception {
        start(HttpExchange::close); // closes the connection without a status line
        SQLException error = connectAndFail();
        assertThat(error.getSQLState()).startsWith("08");
        assertThat(requests.get()).isBetween(3, OPENS_PER_CONNECT * 3);
    }

    @Test
    void anotherStatusKeepsAvaticasWordingWithTheGatewaysReason() throws Exception {
        start(answering(429, "Too many failed logins: try again in 60 s"));
        SQLException error = connectAndFail();
        assertThat(error.getMessage()).contains("got HTTP/429", "Too many failed logins");
        assertThat(requests.get()).isBetween(1, OPENS_PER_CONNECT);
    }

    private static HttpHandler answering(int status, String reason) {
        return exchange -> {
            byte[] body = reason.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        };
    }

    private void start(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            handler.handle(exchange);
        });
        server.start();
    }

    private SQLException connectAndFail() {
        String url = "jdbc:flinkgw://127.0.0.1:" + server.getAddress().getPort();
        return assertTimeoutPreemptively(BOUND, () -> catchThrowableOfType(
                () -> DriverManager.getConnection(url, "alice", "secret").close(), SQLException.class));
    }
}
