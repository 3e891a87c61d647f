package io.flinkgw.gateway.deploy.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.QueryDeployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptionsInternal;
import org.junit.jupiter.api.Test;

class YarnApplicationConfigurationTest {

    private static final String QUERY_ID = "abcdefghijklmnop234567abcd";
    private static final Path CONF_DIR = Path.of("/tmp/flinkgw-yarn-conf-1");
    private static final StagingPaths PATHS = new StagingPaths(CONF_DIR, "hdfs://namenode/user/flinkgw");
    private static final YarnApplicationDeployer.Settings SETTINGS = new YarnApplicationDeployer.Settings(
            Path.of("/etc/hadoop"), List.of(Path.of("/opt/flinkgw/lib/flink-dist.jar"), Path.of("/opt/flinkgw/lib/more")),
            Path.of("/opt/flinkgw/flinkgw-gateway-server.jar"), 2, "Gateway-A",
            MemorySize.parse("1g"), MemorySize.parse("2g"), 3, "/usr/lib/jvm/java-17", Duration.ofSeconds(1), Optional.empty(),
            1, Duration.ofSeconds(60), Map.of("taskmanager.memory.process.size", "3g", "table.exec.resource.default-parallelism", "2"));

    private static Configuration configure(Map<String, String> session) {
        return YarnApplicationConfiguration.of(SETTINGS, new QueryDeployment(QUERY_ID, new byte[0], session), PATHS);
    }

    @Test
    void anApplicationIsDeployedDetachedInApplicationModeWithTheQuerysJobId() {
        Configuration configuration = configure(Map.of());
        assertThat(configuration.get(DeploymentOptions.TARGET)).isEqualTo("yarn-application");
        assertThat(configuration.get(DeploymentOptions.ATTACHED)).isFalse();
        assertThat(configuration.get(RestOptions.RETRY_MAX_ATTEMPTS)).isZero();
        assertThat(configuration.getString("$internal.pipeline.job-id", null))
                .isEqualTo(ExecutionPlans.jobIdOf(QUERY_ID).toHexString());
    }

    @Test
    void anApplicationIsNamedTypedAndTaggedSoARestartedGatewayFindsIt() {
        Configuration configuration = configure(Map.of());
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_NAME)).isEqualTo("flinkgw query " + QUERY_ID);
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_TYPE)).isEqualTo(YarnApplications.APPLICATION_TYPE);
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_TAGS))
                .isEqualTo("flinkgw-gw-gateway-a,flinkgw-q-" + QUERY_ID);
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_ATTEMPTS)).isEqualTo(2);
        assertThat(configuration.get(YarnConfigOptions.STAGING_DIRECTORY)).isEqualTo("hdfs://namenode/user/flinkgw");
    }

    @Test
    void theSettingsSizeTheClusterUnlessTheSessionDoes() {
        Configuration defaults = configure(Map.of());
        assertThat(defaults.get(JobManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("1g"));
        assertThat(defaults.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("2g"));
        assertThat(defaults.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(3);

        Configuration session = configure(Map.of(
                "jobmanager.memory.process.size", "1536m",
                "taskmanager.memory.process.size", "4g",
                "taskmanager.numberOfTaskSlots", "8"));
        assertThat(session.get(JobManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("1536m"));
        assertThat(session.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("4g"));
        assertThat(session.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(8);
    }

    @Test
    void containersRunJava17WithFlinksModuleOpeningsBeforeTheSessionsOptions() {
        Configuration configuration = configure(Map.of("env.java.default-opts.all", "-Dfoo=bar"));
        assertThat(configuration.getString("containerized.master.env.JAVA_HOME", null)).isEqualTo("/usr/lib/jvm/java-17");
        assertThat(configuration.getString("containerized.taskmanager.env.JAVA_HOME", null)).isEqualTo("/usr/lib/jvm/java-17");
        assertThat(configuration.getString("env.java.default-opts.all", null))
                .isEqualTo(YarnApplicationConfiguration.JAVA_17_OPTIONS + " -Dfoo=bar")
                .contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    }

    @Test
    void theGatewayJarIsTheUserJarAndItsClassesAreLoadedParentFirst() {
        Configuration configuration = configure(Map.of());
        assertThat(configuration.get(PipelineOptions.JARS))
                .containsExactly(Path.of("/opt/flinkgw/flinkgw-gateway-server.jar").toUri().toString());
        assertThat(configuration.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL)).containsExactly("io.flinkgw.");
    }

    @Test
    void theRuntimeAndTheSiteFilesAreShippedUnlessTheRuntimeIsProvided() {
        assertThat(configure(Map.of()).get(YarnConfigOptions.SHIP_FILES)).containsExactly(
                "/opt/flinkgw/lib/flink-dist.jar", "/opt/flinkgw/lib/more", CONF_DIR.toString());
        assertThat(configure(Map.of("yarn.provided.lib.dirs", "hdfs://namenode/flink/lib")).get(YarnConfigOptions.SHIP_FILES))
                .containsExactly(CONF_DIR.toString());
    }

    @Test
    void containersLogWithTheShippedLogConfiguration() {
        assertThat(configure(Map.of()).get(YarnConfigOptionsInternal.APPLICATION_LOG_CONFIG_FILE))
                .isEqualTo(CONF_DIR.resolve("log4j.properties").toString());
    }

    @Test
    void aWarmApplicationRunsTheSessionDefaultsKeepsATaskManagerAndHasNoJobIdYet() {
        Configuration configuration = YarnApplicationConfiguration.spare(SETTINGS, "spare-1", PATHS);
        assertThat(configuration.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("3g"));
        assertThat(configuration.get(org.apache.flink.configuration.ResourceManagerOptions.MIN_SLOT_NUM)).isEqualTo(3);
        assertThat(configuration.getString("$internal.pipeline.job-id", null)).isNull();
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_TAGS))
                .isEqualTo(YarnApplications.gatewayTagOf("Gateway-A") + ",flinkgw-spare-spare-1");
        assertThat(configuration.get(YarnConfigOptions.APPLICATION_NAME)).isEqualTo("flinkgw spare spare-1");
        assertThat(configuration.get(DeploymentOptions.ATTACHED)).isFalse();
    }

    @Test
    void aQueryFitsASpareUnlessItsSessionChangedTheCluster() {
        Map<String, String> defaults = SETTINGS.sessionDefaults();
        Map<String, String> jobOnly = new java.util.HashMap<>(defaults);
        jobOnly.put("table.exec.resource.default-parallelism", "4");
        jobOnly.put("execution.runtime-mode", "BATCH");
        jobOnly.put("parallelism.default", "3");
        jobOnly.put("pipeline.name", "x");
        assertThat(YarnApplicationConfiguration.fitsSpare(jobOnly, defaults)).isTrue();

        Map<String, String> bigger = new java.util.HashMap<>(defaults);
        bigger.put("taskmanager.memory.process.size", "8g");
        assertThat(YarnApplicationConfiguration.fitsSpare(bigger, defaults)).isFalse();
        Map<String, String> more = new java.util.HashMap<>(defaults);
        more.put("yarn.application.queue", "etl");
        assertThat(YarnApplicationConfiguration.fitsSpare(more, defaults)).isFalse();
    }
}
