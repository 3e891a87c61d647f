package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flinkgw.gateway.config.GatewayOptions;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDBC client against a gateway at its HTTP connection cap: the driver reports the refusal as a
 * rejected connection with the gateway's reason, in bounded time (Avatica's own HTTP client asks again
 * for as long as the gateway answers 503), and connects once the cap has room again.
 */
class ConnectionCapTest {

    private static final int MAX_CONNECTIONS = 2;

    @TempDir Path directory;

    @Test
    void aConnectionOverTheCapFailsWithTheGatewaysReasonAndOneWithinItWorks() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.MAX_CONNECTIONS, MAX_CONNECTIONS);
        try (TestGateway gateway = TestGateway.start(directory, settings)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_CONNECTIONS; i++) {
                    held.add(new Socket("127.0.0.1", gateway.server().port()));
                }
                assertThat(gateway.server().awaitOpenHttpConnections(open -> open >= MAX_CONNECTIONS, Duration.ofSeconds(10)))
                        .isTrue();
                SQLException rejected = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> catchThrowableOfType(() -> gateway.connect().close(), SQLException.class));
                assertThat((Throwable) rejected).as("the connect over the cap fails").isNotNull();
                assertThat(rejected.getSQLState()).isEqualTo("08004");
                assertThat(rejected.getMessage()).contains("HTTP/503", "gateway.max-connections = " + MAX_CONNECTIONS);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            try (Connection connection = gateway.connect();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SHOW CATALOGS")) {
                assertThat(result.next()).isTrue();
            }
        }
    }
}
