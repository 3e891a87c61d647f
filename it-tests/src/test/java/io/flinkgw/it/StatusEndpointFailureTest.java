package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A status request whose job store fails is answered 500, and its connection is not left open. */
class StatusEndpointFailureTest {

    @TempDir Path directory;

    @Test
    void aFailingJobStoreIsAnswered500AndTheConnectionClosed() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection jobStore = DriverManager.getConnection(
                        "jdbc:h2:file:" + directory.resolve("jobstore/flinkgw"), "sa", "");
                Statement breakIt = jobStore.createStatement()) {
            // the real job store, broken from outside: every read of a query now fails
            breakIt.execute("ALTER TABLE flinkgw_query RENAME TO flinkgw_query_gone");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + gateway.server().port() + "/flinkgw/v1/query?id=0123456789abcdefghijklmnop"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).startsWith("Internal error");
            assertThat(gateway.server().awaitOpenHttpConnections(open -> open == 0, Duration.ofSeconds(10)))
                    .as("the HTTP connection is closed").isTrue();
            breakIt.execute("ALTER TABLE flinkgw_query_gone RENAME TO flinkgw_query");
        }
    }
}
