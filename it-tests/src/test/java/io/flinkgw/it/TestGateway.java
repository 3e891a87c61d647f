package io.flinkgw.it;

import io.flinkgw.gateway.FlinkgwServer;
import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.config.LocalDeploymentOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;

/** A real gateway on 127.0.0.1 and a free port, with its stores under a test directory. */
final class TestGateway implements AutoCloseable {

    private final Path directory;
    private final Configuration configuration;
    private FlinkgwServer server;

    private TestGateway(Path directory, Configuration configuration) {
        this.directory = directory;
        this.configuration = configuration;
    }

    /**
     * The class data sharing archive directory of every gateway the tests start, in this JVM or in a
     * process of its own: one archive of the cluster processes' classes serves the whole suite.
     */
    static final String CLASS_DATA_DIRECTORY = Path.of("target", "class-data").toAbsolutePath().toString();

    static TestGateway start(Path directory) throws Exception {
        return start(directory, new Configuration());
    }

    static TestGateway start(Path directory, Configuration extra) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(GatewayOptions.PORT, 0);
        configuration.set(GatewayOptions.RESULT_ROOT, directory.resolve("results").toString());
        configuration.set(GatewayOptions.JOB_STORE_URL, "jdbc:h2:file:" + directory.resolve("jobstore/flinkgw"));
        configuration.set(LocalDeploymentOptions.CLASS_DATA_DIRECTORY, CLASS_DATA_DIRECTORY);
        configuration.addAll(extra);
        TestGateway gateway = new TestGateway(directory, configuration);
        gateway.server = FlinkgwServer.start(configuration);
        return gateway;
    }

    /** Stops the gateway and starts a new one over the same stores (a restart). */
    void restart() throws Exception {
        server.close();
        server = FlinkgwServer.start(configuration);
    }

    String url() {
        return "jdbc:flinkgw://127.0.0.1:" + server.port();
    }

    /** The body the gateway answers to an HTTP GET of {@code path} (its side endpoints: {@code /metrics}, a query's status). */
    String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    Connection connect() throws SQLException {
        return connect("tester");
    }

    Connection connect(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(url(), properties);
    }

    Path directory() {
        return directory;
    }

    FlinkgwServer server() {
        return server;
    }

    /** Stops the gateway; every cluster process it started must have ended (a bounded wait). */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        ClusterProcesses.assertNoneLeft(directory);
    }
}
