package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway pointed at a YARN that is not there: queries fail with a clear error, nothing hangs. */
class YarnUnreachableTest {

    @TempDir Path directory;

    @Test
    void queryFailsWithTheConnectionErrorWhenTheResourceManagerIsUnreachable() throws Exception {
        Path confDir = Files.createDirectories(directory.resolve("hadoop-conf"));
        Files.writeString(confDir.resolve("yarn-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>yarn.resourcemanager.address</name><value>127.0.0.1:1</value></property>
                  <property><name>yarn.resourcemanager.connect.max-wait.ms</name><value>3000</value></property>
                  <property><name>yarn.resourcemanager.connect.retry-interval.ms</name><value>500</value></property>
                </configuration>
                """);
        Configuration configuration = new Configuration();
        configuration.set(GatewayOptions.DEPLOYMENT_TARGET, GatewayOptions.DeploymentTarget.YARN_APPLICATION);
        configuration.set(GatewayOptions.YARN_CONF_DIR, confDir.toString());
        configuration.set(GatewayOptions.YARN_SHIP_FILES, List.of(
                System.getProperty("flinkgw.it.gateway-lib", Path.of("..", "gateway-server", "target", "lib").toString())));
        try (TestGateway gateway = TestGateway.start(directory, configuration);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1").next())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Could not deploy the query's application on YARN (ResourceManager 127.0.0.1:1)")
                    .hasMessageContaining("Connection refused");
            assertThat((System.nanoTime() - started) / 1_000_000_000L).as("seconds until the error").isLessThan(120);
        }
    }
}
