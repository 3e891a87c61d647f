package io.flinkgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    static List<ConfigOption<?>> options() throws IllegalAccessException {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> holder : List.of(GatewayOptions.class, CatalogOptions.class, LocalDeploymentOptions.class, YarnWarmOptions.class)) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                    options.add((ConfigOption<?>) field.get(null));
                }
            }
        }
        return options;
    }

    @Test
    void everyOptionHasAUniqueKeyADefaultAndADescription() throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> option : options()) {
            assertThat(keys.add(option.key())).as("duplicate key %s", option.key()).isTrue();
            assertThat(option.hasDefaultValue()).as("default of %s", option.key()).isTrue();
            assertThat(option.description().toString()).as("description of %s", option.key()).isNotBlank();
            assertThat(option.key()).doesNotStartWith(GatewayOptions.FLINK_PREFIX);
        }
        assertThat(keys).contains("gateway.port", "gateway.bind-address", "result-store.root", "job-store.url",
                "fetch.frame-max-rows", "fetch.long-poll-timeout", "deployment.target");
    }

    @Test
    void readmeDocumentsEveryKey() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        for (ConfigOption<?> option : options()) {
            assertThat(readme).as("README documents %s", option.key()).contains("`" + option.key() + "`");
        }
    }

    @Test
    void defaultsAreSafeForALaptop() {
        Configuration empty = new Configuration();
        assertThat(empty.get(GatewayOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(empty.get(GatewayOptions.DEPLOYMENT_TARGET)).isEqualTo(GatewayOptions.DeploymentTarget.LOCAL);
        assertThat(empty.get(GatewayOptions.JOB_STORE_URL)).startsWith("jdbc:h2:file:");
    }

    @Test
    void deploymentTargetIsWrittenAsInFlink() {
        Configuration configuration = new Configuration();
        configuration.setString(GatewayOptions.DEPLOYMENT_TARGET.key(), "yarn-application");
        assertThat(configuration.get(GatewayOptions.DEPLOYMENT_TARGET))
                .isEqualTo(GatewayOptions.DeploymentTarget.YARN_APPLICATION);
        configuration.setString(GatewayOptions.DEPLOYMENT_TARGET.key(), "local");
        assertThat(configuration.get(GatewayOptions.DEPLOYMENT_TARGET)).isEqualTo(GatewayOptions.DeploymentTarget.LOCAL);
    }

    /** The shipped conf/config.yaml lets every session read the built-in samples and start in the shared catalog. */
    @Test
    void shippedConfigurationReadsTheSamplesAndStartsInTheSharedCatalog() {
        Configuration shipped = org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(
                java.nio.file.Path.of("..", "conf").toAbsolutePath().toString());
        assertThat(shipped.get(GatewayOptions.SANDBOX_CONNECTORS)).contains("flinkgw-samples", "datagen", "filesystem");
        assertThat(shipped.get(CatalogOptions.CATALOGS_DEFAULT)).isEqualTo("default_catalog");
    }
}
