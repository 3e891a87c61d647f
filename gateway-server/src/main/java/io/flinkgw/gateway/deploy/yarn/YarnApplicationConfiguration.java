package io.flinkgw.gateway.deploy.yarn;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.deploy.ShuffleModes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptionsInternal;

/**
 * The Flink configurations the YARN deployer hands to Flink: a pure function of the deployer's
 * settings, the query's deployment and where its files are staged.
 */
final class YarnApplicationConfiguration {

    /** The Java 17 module openings Flink's runtime needs, as Flink's own distribution sets them. */
    static final String JAVA_17_OPTIONS = String.join(" ",
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private YarnApplicationConfiguration() {}

    /** The settings the gateway's clients of a cluster use: fail fast instead of Flink's long REST retries. */
    static Configuration client() {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        configuration.set(DeploymentOptions.TARGET, "yarn-application");
        return configuration;
    }

    /** The application's Flink configuration: the session's settings plus what the cluster needs. */
    static Configuration of(YarnApplicationDeployer.Settings settings, QueryDeployment deployment, StagingPaths paths) {
        Configuration configuration = cluster(settings, deployment.configuration(), paths);
        configuration.setString("$internal.pipeline.job-id", ExecutionPlans.jobIdOf(deployment.queryId()).toHexString());
        configuration.set(YarnConfigOptions.APPLICATION_NAME, "flinkgw query " + deployment.queryId());
        configuration.set(YarnConfigOptions.APPLICATION_TAGS,
                YarnApplications.gatewayTagOf(settings.gatewayTag()) + "," + YarnApplications.queryTag(deployment.queryId()));
        return configuration;
    }

    /**
     * A warm application's configuration: the gateway's session defaults plus what the cluster needs,
     * and a TaskManager kept from the start ({@code slotmanager.number-of-slots.min}), so that the query
     * it is handed finds its slots ready. It has no job id yet: {@link QueryApplication} gives the job the
     * query's.
     */
    static Configuration spare(YarnApplicationDeployer.Settings settings, String spareId, StagingPaths paths) {
        Configuration configuration = cluster(settings, settings.sessionDefaults(), paths);
        configuration.set(YarnConfigOptions.APPLICATION_NAME, "flinkgw spare " + spareId);
        configuration.set(YarnConfigOptions.APPLICATION_TAGS,
                YarnApplications.gatewayTagOf(settings.gatewayTag()) + "," + YarnApplications.spareTag(spareId));
        configuration.set(ResourceManagerOptions.MIN_SLOT_NUM, configuration.get(TaskManagerOptions.NUM_TASK_SLOTS));
        return configuration;
    }

    /**
     * Whether a query whose session configuration is {@code query} may run on a warm application started
     * with {@code defaults}: only options that shape the job itself may differ (they travel inside its
     * plan); any other difference (memory, slots, containers, file systems) needs a cluster of its own.
     */
    static boolean fitsSpare(Map<String, String> query, Map<String, String> defaults) {
        return clusterOptions(query).equals(clusterOptions(defaults));
    }

    private static Map<String, String> clusterOptions(Map<String, String> configuration) {
        Map<String, String> cluster = new TreeMap<>();
        configuration.forEach((key, value) -> {
            if (JOB_OPTION_PREFIXES.stream().noneMatch(key::startsWith)) {
                cluster.put(key, value);
            }
        });
        return cluster;
    }

    /** Options that shape only the job, carried by its plan; everything else configures the cluster. */
    private static final List<String> JOB_OPTION_PREFIXES = List.of(
            "table.", "pipeline.", "execution.", "parallelism.default", "sql-gateway.", "sql-client.", "$internal.");

    private static Configuration cluster(
            YarnApplicationDeployer.Settings settings, Map<String, String> session, StagingPaths paths) {
        Configuration configuration = client();
        configuration.addAll(Configuration.fromMap(session));
        ShuffleModes.enableHybridOn(configuration);
        configuration.set(DeploymentOptions.TARGET, "yarn-application");
        configuration.set(DeploymentOptions.ATTACHED, false);
        configuration.set(PipelineOptions.JARS, List.of(settings.userJar().toUri().toString()));
        configuration.set(YarnConfigOptions.APPLICATION_TYPE, YarnApplications.APPLICATION_TYPE);
        configuration.set(YarnConfigOptions.APPLICATION_ATTEMPTS, settings.applicationAttempts());
        // one staging root for every application, so the gateway knows where to clean up
        configuration.set(YarnConfigOptions.STAGING_DIRECTORY, paths.stagingRoot());
        configuration.set(YarnConfigOptionsInternal.APPLICATION_LOG_CONFIG_FILE, paths.logConfigFile().toString());
        List<String> ship = new ArrayList<>();
        if (configuration.getOptional(YarnConfigOptions.PROVIDED_LIB_DIRS).map(List::isEmpty).orElse(true)) {
            settings.shipFiles().forEach(file -> ship.add(file.toAbsolutePath().toString()));
        }
        ship.add(paths.shippedConfDirectory().toString());
        configuration.set(YarnConfigOptions.SHIP_FILES, ship);
        // one copy of the gateway's classes: the sink and the application main are loaded parent-first
        configuration.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, List.of("io.flinkgw."));
        configuration.setString("containerized.master.env.JAVA_HOME", settings.javaHome());
        configuration.setString("containerized.taskmanager.env.JAVA_HOME", settings.javaHome());
        String javaOptions = configuration.getString("env.java.default-opts.all", "");
        configuration.setString("env.java.default-opts.all", (JAVA_17_OPTIONS + " " + javaOptions).strip());
        if (!configuration.contains(JobManagerOptions.TOTAL_PROCESS_MEMORY)) {
            configuration.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, settings.jobManagerMemory());
        }
        if (!configuration.contains(TaskManagerOptions.TOTAL_PROCESS_MEMORY)) {
            configuration.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, settings.taskManagerMemory());
        }
        if (!configuration.contains(TaskManagerOptions.NUM_TASK_SLOTS)) {
            configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.taskSlots());
        }
        return configuration;
    }
}
