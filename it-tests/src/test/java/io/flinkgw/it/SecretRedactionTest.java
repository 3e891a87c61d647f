package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords and other secrets never show in driver errors or in the settings a session lists. */
class SecretRedactionTest {

    private static final String SECRET = "hunter2-do-not-print";

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = TestGateway.start(directory);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void aMalformedUrlIsReportedWithoutItsPassword() {
        SQLException error = catchThrowableOfType(
                () -> DriverManager.getConnection(gateway.url() + "/db?user=alice&password=" + SECRET), SQLException.class);
        assertThat(error.getMessage()).contains("password=******");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void anUnreachableGatewayIsReportedWithoutThePassword() {
        SQLException error = catchThrowableOfType(
                () -> DriverManager.getConnection("jdbc:flinkgw://127.0.0.1:1?user=alice&password=" + SECRET), SQLException.class);
        assertThat(error.getSQLState()).startsWith("08");
        assertThat(everythingPrinted(error)).doesNotContain(SECRET);
    }

    @Test
    void setListsSecretValuesMasked() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET 'table.my-connector.password' = '" + SECRET + "'");
            statement.execute("SET 'table.my-connector.api-token' = '" + SECRET + "'");
            statement.execute("SET 'table.my-connector.user' = 'visible-user'");
            Map<String, String> settings = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SET")) {
                while (rows.next()) {
                    settings.put(rows.getString(1), rows.getString(2));
                }
            }
            assertThat(settings).containsEntry("table.my-connector.password", "******")
                    .containsEntry("table.my-connector.api-token", "******")
                    .containsEntry("table.my-connector.user", "visible-user");
            assertThat(settings.values()).doesNotContain(SECRET);
        }
    }

    private static String everythingPrinted(Throwable error) {
        StringWriter printed = new StringWriter();
        error.printStackTrace(new PrintWriter(printed));
        return printed.toString();
    }
}
