package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle sessions are closed and expired results removed in the background. */
class HousekeepingTest {

    @TempDir Path directory;

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static int status(TestGateway gateway, String path) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.url().replace("jdbc:flinkgw:", "http:") + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void idleSessionsCloseAndExpiredResultsAreRemoved() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.SESSION_IDLE_TIMEOUT, Duration.ofSeconds(2));
        settings.set(GatewayOptions.RESULT_RETENTION, Duration.ofSeconds(2));
        try (TestGateway gateway = TestGateway.start(directory, settings)) {
            Connection connection = gateway.connect();
            Statement statement = connection.createStatement();
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            String queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
            Path result = directory.resolve("results").resolve(queryId);
            assertThat(Files.exists(result)).isTrue();

            awaitTrue(() -> status(gateway, "/flinkgw/v1/query?id=" + queryId) == 404 && !Files.exists(result));
            assertThatThrownBy(() -> statement.executeQuery("SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("not open");
        }
    }
}
