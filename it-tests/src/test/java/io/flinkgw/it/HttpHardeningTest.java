package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.security.FileAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw HTTP against an authenticating gateway: every request is answered and no connection leaks. */
class HttpHardeningTest {

    private static final int MAX_CONNECTIONS = 8;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir static Path directory;
    static TestGateway gateway;
    static HttpClient http;

    @BeforeAll
    static void startGateway() throws Exception {
        Path users = directory.resolve("users");
        Files.writeString(users, FileAuthenticator.hashLine("alice", "wonderland".toCharArray()) + "\n"
                + FileAuthenticator.hashLine("bob", "builder".toCharArray()) + "\n");
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.AUTHENTICATION, GatewayOptions.Authentication.FILE);
        settings.set(GatewayOptions.USERS_FILE, users.toString());
        settings.set(GatewayOptions.MAX_CONNECTIONS, MAX_CONNECTIONS);
        settings.set(GatewayOptions.READ_TIMEOUT, READ_TIMEOUT);
        settings.set(GatewayOptions.IDLE_TIMEOUT, IDLE_TIMEOUT);
        settings.set(GatewayOptions.LOGIN_MAX_FAILURES_PER_USER, 3);
        settings.set(GatewayOptions.LOGIN_MAX_FAILURES_PER_ADDRESS, 10_000);
        settings.set(GatewayOptions.LOGIN_LOCKOUT, Duration.ofMinutes(10));
        gateway = TestGateway.start(directory, settings);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void passwordsTooLongForBcryptAreAnswered401AndLeaveNoConnectionOpen() throws Exception {
        int baseline = gateway.server().openHttpConnections();
        String password = "p".repeat(100);
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = http.send(post("user-" + i, password, "{}"), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("request %s", i).isEqualTo(401);
        }
        awaitAtMost(baseline);
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedBeforeItsBodyArrives() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
            // the body never comes: the answer must not wait for it (nor for the read timeout's 408)
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aHalfSentRequestIsAnswered408AfterTheReadTimeoutAndClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: gateway\r\nAuthorization: " + basic("alice", "wonderland")
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"request\":");
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 408").contains("gateway.read-timeout");
        }
    }

    @Test
    void anIdleConnectionAndAHalfSentHeadAreClosed() throws Exception {
        try (Socket idle = connect(); Socket halfHead = connect()) {
            send(halfHead, "POST / HT");
            assertThat(readUntilClosed(idle)).isEmpty();
            assertThat(readUntilClosed(halfHead)).isEmpty();
        }
    }

    @Test
    void connectionsOverTheCapAreAnswered503() throws Exception {
        awaitAtMost(0);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(connect());
            }
            awaitAtLeast(MAX_CONNECTIONS);
            try (Socket refused = connect()) {
                assertThat(readUntilClosed(refused)).startsWith("HTTP/1.1 503").contains("gateway.max-connections");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        awaitAtMost(0);
        HttpResponse<String> afterwards = http.send(get("alice", "wonderland", "/metrics"), HttpResponse.BodyHandlers.ofString());
        assertThat(afterwards.statusCode()).isEqualTo(200);
        // pooling clients learn to drop the connection before the gateway's idle timeout closes it
        assertThat(afterwards.headers().firstValue("Keep-Alive")).contains("timeout=1");
    }

    @Test
    void repeatedFailedLoginsLockTheUserOutWith429() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(http.send(get("bob", "wrong-" + i, "/metrics"), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> locked = http.send(get("bob", "builder", "/metrics"), HttpResponse.BodyHandlers.ofString());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed logins");
        SQLException refused = catchThrowableOfType(
                () -> DriverManager.getConnection(gateway.url(), "bob", "builder").close(), SQLException.class);
        assertThat(refused.getMessage()).contains("429");
        // another user from the same address is not locked out
        assertThat(http.send(get("alice", "wonderland", "/metrics"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    private static HttpRequest post(String user, String password, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.server().port() + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(user, password))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest get(String user, String password, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.server().port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(user, password))
                .GET()
                .build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.server().port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything the gateway sends until it closes the connection; fails when it stays open 10 s. */
    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The gateway kept the connection open; received: " + received, e);
        } catch (IOException e) {
            // a reset after the answer still ends the connection
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static void awaitAtMost(int expected) throws InterruptedException {
        assertThat(gateway.server().awaitOpenHttpConnections(open -> open <= expected, Duration.ofSeconds(10)))
                .as("still %s connections, expected at most %s", gateway.server().openHttpConnections(), expected).isTrue();
    }

    private static void awaitAtLeast(int expected) throws InterruptedException {
        assertThat(gateway.server().awaitOpenHttpConnections(open -> open >= expected, Duration.ofSeconds(10)))
                .as("only %s connections, expected at least %s", gateway.server().openHttpConnections(), expected).isTrue();
    }
}
