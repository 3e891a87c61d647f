package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caps on open connections per user and open statements per connection. */
class OpenLimitsTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.MAX_CONNECTIONS_PER_USER, 3);
        settings.set(GatewayOptions.MAX_STATEMENTS_PER_CONNECTION, 4);
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void oneConnectionMoreThanAUserMayHaveIs53400NamingTheLimit() throws Exception {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(gateway.connect("carol"));
            }
            assertThatThrownBy(() -> gateway.connect("carol").close())
                    .isInstanceOfSatisfying(SQLException.class, error -> {
                        assertThat(error.getSQLState()).isEqualTo("53400");
                        assertThat(error.getMessage()).contains("limits.max-connections-per-user");
                    });
            // other users are not affected, and a closed connection frees its slot
            gateway.connect("dave").close();
            open.remove(0).close();
            open.add(gateway.connect("carol"));
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    @Test
    void oneStatementMoreThanAConnectionMayHaveIs53400NamingTheLimit() throws Exception {
        try (Connection connection = gateway.connect("erin")) {
            List<Statement> statements = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statements.add(connection.createStatement());
            }
            assertThatThrownBy(connection::createStatement)
                    .isInstanceOfSatisfying(SQLException.class, error -> {
                        assertThat(error.getSQLState()).isEqualTo("53400");
                        assertThat(error.getMessage()).contains("limits.max-statements-per-connection");
                    });
            statements.remove(0).close();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }
}
