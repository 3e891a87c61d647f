package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.result.ResultStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.ClusterSpecification;
import org.apache.flink.client.deployment.application.ApplicationConfiguration;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.yarn.YarnClientYarnClusterInformationRetriever;
import org.apache.flink.yarn.YarnClusterClientFactory;
import org.apache.flink.yarn.YarnClusterDescriptor;
import org.apache.flink.yarn.configuration.YarnConfigOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptionsInternal;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every query as a Flink application of its own on YARN (application mode): the application's
 * main ({@link QueryApplication}) runs the job stored in the result directory, and YARN tears
 * the application down when it returns. Applications are typed {@value YarnApplications#APPLICATION_TYPE},
 * named after their query and tagged with it and with the gateway, so a restarted gateway finds them.
 */
public final class YarnApplicationDeployer implements ClusterDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(YarnApplicationDeployer.class);

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

    private static final String CONTAINER_LOG_CONFIG = String.join("\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = false",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "");

    private final Settings settings;
    private final ResultStore resultStore;
    private final YarnApplications applications;
    private final Path shippedConfDir;
    private final ScheduledExecutorService monitor;
    private final ExecutorService killer;
    private final Map<String, YarnDeployedJob> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * What the deployer needs besides the result store.
     *
     * @param hadoopConfDir directory with the Hadoop/YARN site files, shipped to every container
     * @param shipFiles local jars and directories of the Flink runtime; empty when {@code yarn.provided.lib.dirs} is set
     * @param userJar the jar holding {@link QueryApplication}
     * @param applicationAttempts YARN attempts per application
     * @param gatewayTag names this gateway in its applications' tags
     * @param jobManagerMemory JobManager process size
     * @param taskManagerMemory TaskManager process size
     * @param taskSlots slots per TaskManager
     * @param javaHome JAVA_HOME of the containers
     * @param pollInterval how often a running application's YARN report is read
     * @param stagingDirectory where applications' files are staged; empty: the default file system's home directory
     */
    public record Settings(
            Path hadoopConfDir, List<Path> shipFiles, Path userJar, int applicationAttempts, String gatewayTag,
            MemorySize jobManagerMemory, MemorySize taskManagerMemory, int taskSlots, String javaHome, Duration pollInterval,
            Optional<String> stagingDirectory) {

        public Settings {
            requireNonNull(stagingDirectory, "stagingDirectory is null");
            requireNonNull(hadoopConfDir, "hadoopConfDir is null");
            shipFiles = List.copyOf(requireNonNull(shipFiles, "shipFiles is null"));
            requireNonNull(userJar, "userJar is null");
            requireNonNull(gatewayTag, "gatewayTag is null");
            requireNonNull(jobManagerMemory, "jobManagerMemory is null");
            requireNonNull(taskManagerMemory, "taskManagerMemory is null");
            requireNonNull(javaHome, "javaHome is null");
            requireNonNull(pollInterval, "pollInterval is null");
            if (applicationAttempts < 1 || taskSlots < 1) {
                throw new IllegalArgumentException("applicationAttempts and taskSlots must be positive");
            }
        }
    }

    /** Connects to YARN; fails at once when the configuration is unusable. */
    public YarnApplicationDeployer(Settings settings, ResultStore resultStore) throws IOException {
        this.settings = requireNonNull(settings, "settings is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
        if (!Files.isRegularFile(settings.userJar())) {
            throw new IllegalArgumentException("The gateway must run from its packaged jar to deploy on YARN, not from "
                    + settings.userJar());
        }
        for (Path file : settings.shipFiles()) {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("deployment.yarn.ship-files names " + file
                        + ", which does not exist (mvn package copies the gateway's runtime jars to target/lib)");
            }
        }
        this.shippedConfDir = prepareConfDir(settings.hadoopConfDir());
        this.applications = new YarnApplications(YarnApplications.configurationFrom(settings.hadoopConfDir()), settings.gatewayTag());
        this.monitor = Executors.newSingleThreadScheduledExecutor(daemon("flinkgw-yarn-monitor"));
        this.killer = Executors.newCachedThreadPool(daemon("flinkgw-yarn-kill"));
    }

    /** The YARN view this deployer's applications are followed through. */
    public YarnApplications applications() {
        return applications;
    }

    /** A private copy of the site files plus the containers' log configuration, shipped with every application. */
    private static Path prepareConfDir(Path hadoopConfDir) throws IOException {
        if (!Files.isDirectory(hadoopConfDir)) {
            throw new IllegalArgumentException("The Hadoop configuration directory " + hadoopConfDir + " does not exist");
        }
        Path directory = Files.createTempDirectory("flinkgw-yarn-conf");
        try (Stream<Path> files = Files.list(hadoopConfDir)) {
            for (Path file : (Iterable<Path>) files.filter(file -> file.getFileName().toString().endsWith(".xml"))::iterator) {
                Files.copy(file, directory.resolve(file.getFileName()));
            }
        }
        Files.writeString(directory.resolve("log4j.properties"), CONTAINER_LOG_CONFIG, StandardCharsets.UTF_8);
        return directory;
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        requireNonNull(deployment, "deployment is null");
        if (closed) {
            throw new IllegalStateException("The deployer is closed");
        }
        String queryId = deployment.queryId();
        JobID jobId = ExecutionPlans.jobIdOf(queryId);
        Configuration configuration = applicationConfiguration(deployment, jobId);
        ClusterSpecification specification = new YarnClusterClientFactory().getClusterSpecification(configuration);
        long started = System.nanoTime();
        ApplicationId applicationId;
        YarnClusterDescriptor descriptor = descriptor(configuration);
        try (ClusterClient<ApplicationId> client = descriptor.deployApplicationCluster(
                                specification,
                                new ApplicationConfiguration(
                                        new String[] {resultStore.root().toString(), queryId},
                                        QueryApplication.class.getName()))
                        .getClusterClient()) {
            applicationId = client.getClusterId();
        } catch (Exception e) {
            // Flink neither kills an application whose deployment it gave up on nor drops its exit hook
            DeploymentFailureHooks.removeLeftBy(descriptor);
            cleanUpFailedDeployment(queryId);
            throw new JobFailedException("Could not deploy the query's application on YARN (ResourceManager "
                    + applications.configuration().get(YarnConfiguration.RM_ADDRESS) + "): " + RootCause.describe(e));
        } finally {
            descriptor.close();
        }
        LOG.info("Query {} runs as application {} on YARN (deployed in {} ms)",
                queryId, applicationId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return track(queryId, jobId, applicationId);
    }

    private YarnDeployedJob track(String queryId, JobID jobId, ApplicationId applicationId) {
        YarnDeployedJob job = new YarnDeployedJob(
                queryId, jobId, applicationId, applications, resultStore, () -> retrieve(applicationId), monitor, killer,
                settings.pollInterval());
        running.put(queryId, job);
        job.completion().whenComplete((ignored, failure) -> {
            running.remove(queryId, job);
            removeStagedFiles(applicationId);
        });
        return job.follow();
    }

    @Override
    public Optional<DeployedJob> reattach(String queryId, Optional<String> clusterId) throws Exception {
        YarnDeployedJob tracked = running.get(queryId);
        if (tracked != null) {
            return Optional.of(tracked);
        }
        Optional<ApplicationReport> report = applications.find(queryId, clusterId);
        if (report.isEmpty()) {
            return Optional.empty();
        }
        ApplicationId applicationId = report.get().getApplicationId();
        LOG.info("Query {} is followed again on application {} ({})",
                queryId, applicationId, report.get().getYarnApplicationState());
        return Optional.of(track(queryId, ExecutionPlans.jobIdOf(queryId), applicationId));
    }

    /** Kills the application a deployment in progress has submitted, found by the query's tag. */
    @Override
    public void abort(String queryId) {
        try {
            killer.execute(() -> killByTag(queryId));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Deployment of query {} was not aborted: the gateway is stopping", queryId);
        }
    }

    private void killByTag(String queryId) {
        try {
            Optional<ApplicationReport> report = applications.find(queryId, Optional.empty());
            if (report.isPresent() && YarnApplications.LIVE_STATES.contains(report.get().getYarnApplicationState())) {
                applications.kill(report.get().getApplicationId());
                LOG.info("Killed application {} of query {} during its deployment", report.get().getApplicationId(), queryId);
            }
        } catch (Exception e) {
            LOG.warn("Could not kill the application of query {} during its deployment", queryId, e);
        }
    }

    /**
     * After a deployment failed or was aborted (and Flink has stopped touching its files): kills what
     * it submitted and removes what it staged.
     */
    private void cleanUpFailedDeployment(String queryId) {
        killByTag(queryId);
        try {
            Optional<ApplicationReport> report = applications.find(queryId, Optional.empty());
            if (report.isPresent()) {
                deleteStagedFiles(report.get().getApplicationId());
            }
        } catch (Exception e) {
            LOG.warn("Could not clean up after the failed deployment of query {}", queryId, e);
        }
    }

    /** Applications are not killed when the gateway stops: a restarted gateway follows them again. */
    @Override
    public boolean clustersOutliveGateway() {
        return true;
    }

    @Override
    public int killOrphans(Predicate<String> isRunning) {
        int killed = 0;
        try {
            for (ApplicationReport report : applications.live()) {
                Optional<String> queryId = YarnApplications.queryIdOf(report);
                if (queryId.isPresent() && (running.containsKey(queryId.get()) || isRunning.test(queryId.get()))) {
                    continue;
                }
                LOG.warn("Killing orphaned application {} (query {})", report.getApplicationId(), queryId.orElse("unknown"));
                applications.kill(report.getApplicationId());
                removeStagedFiles(report.getApplicationId());
                killed++;
            }
        } catch (Exception e) {
            LOG.warn("Could not look for orphaned applications on YARN", e);
        }
        return killed;
    }

    /**
     * Removes what was staged for an application once it has ended: a JobManager removes it when its
     * application finishes, but not when YARN kills the application.
     */
    private void removeStagedFiles(ApplicationId applicationId) {
        if (killer.isShutdown()) {
            return; // a restarted gateway cleans up after the applications it follows again
        }
        try {
            killer.execute(() -> deleteStagedFiles(applicationId));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Staged files of application {} are left to the next gateway", applicationId);
        }
    }

    private void deleteStagedFiles(ApplicationId applicationId) {
        try {
            org.apache.hadoop.fs.Path staged = new org.apache.hadoop.fs.Path(stagingRoot(), ".flink/" + applicationId);
            org.apache.hadoop.fs.FileSystem fileSystem = staged.getFileSystem(applications.configuration());
            if (fileSystem.exists(staged) && fileSystem.delete(staged, true)) {
                LOG.info("Removed the staged files of application {}", applicationId);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the staged files of application {}", applicationId, e);
        }
    }

    private org.apache.hadoop.fs.Path stagingRoot() throws IOException {
        if (settings.stagingDirectory().isPresent()) {
            return new org.apache.hadoop.fs.Path(settings.stagingDirectory().get());
        }
        return org.apache.hadoop.fs.FileSystem.get(applications.configuration()).getHomeDirectory();
    }

    /**
     * A REST client for the JobManager of the application's current attempt, found from YARN's report
     * (its host and RPC port are the JobManager's REST address); empty while there is none.
     */
    private Optional<ClusterClient<ApplicationId>> retrieve(ApplicationId applicationId) {
        try {
            Optional<ApplicationReport> report = applications.report(applicationId);
            if (report.isEmpty()
                    || report.get().getYarnApplicationState() != YarnApplicationState.RUNNING
                    || report.get().getHost() == null
                    || report.get().getRpcPort() <= 0) {
                return Optional.empty();
            }
            Configuration configuration = clientConfiguration();
            configuration.set(RestOptions.ADDRESS, report.get().getHost());
            configuration.set(RestOptions.PORT, report.get().getRpcPort());
            return Optional.of(new RestClusterClient<>(configuration, applicationId));
        } catch (Exception e) {
            LOG.debug("No REST client for application {}", applicationId, e);
            return Optional.empty();
        }
    }

    private YarnClusterDescriptor descriptor(Configuration configuration) {
        YarnConfiguration yarnConfiguration = applications.configuration();
        return new YarnClusterDescriptor(
                configuration, yarnConfiguration, applications.client(),
                YarnClientYarnClusterInformationRetriever.create(applications.client()), true);
    }

    /** The settings the gateway's clients of a cluster use: fail fast instead of Flink's long REST retries. */
    private static Configuration clientConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        configuration.set(DeploymentOptions.TARGET, "yarn-application");
        return configuration;
    }

    /** The application's Flink configuration: the session's settings plus what the cluster needs. */
    Configuration applicationConfiguration(QueryDeployment deployment, JobID jobId) throws IOException {
        Configuration configuration = clientConfiguration();
        configuration.addAll(Configuration.fromMap(deployment.configuration()));
        configuration.set(DeploymentOptions.TARGET, "yarn-application");
        configuration.set(DeploymentOptions.ATTACHED, false);
        configuration.set(PipelineOptions.JARS, List.of(settings.userJar().toUri().toString()));
        configuration.setString("$internal.pipeline.job-id", jobId.toHexString());
        configuration.set(YarnConfigOptions.APPLICATION_NAME, "flinkgw query " + deployment.queryId());
        configuration.set(YarnConfigOptions.APPLICATION_TYPE, YarnApplications.APPLICATION_TYPE);
        configuration.set(YarnConfigOptions.APPLICATION_TAGS,
                applications.gatewayTag() + "," + YarnApplications.queryTag(deployment.queryId()));
        configuration.set(YarnConfigOptions.APPLICATION_ATTEMPTS, settings.applicationAttempts());
        // one staging root for every application, so the gateway knows where to clean up
        configuration.set(YarnConfigOptions.STAGING_DIRECTORY, stagingRoot().toString());
        configuration.set(YarnConfigOptionsInternal.APPLICATION_LOG_CONFIG_FILE,
                shippedConfDir.resolve("log4j.properties").toString());
        List<String> ship = new ArrayList<>();
        if (configuration.getOptional(YarnConfigOptions.PROVIDED_LIB_DIRS).map(List::isEmpty).orElse(true)) {
            settings.shipFiles().forEach(file -> ship.add(file.toAbsolutePath().toString()));
        }
        ship.add(shippedConfDir.toString());
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

    /** The jar this class was loaded from: the application's user jar. */
    public static Path ownJar() {
        try {
            return Path.of(YarnApplicationDeployer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the gateway's jar", e);
        }
    }

    @Override
    public int runningClusters() {
        return running.size();
    }

    /** Stops following applications; they keep running and a restarted gateway follows them again. */
    @Override
    public void close() {
        closed = true;
        monitor.shutdownNow();
        running.values().forEach(YarnDeployedJob::closeClient);
        killer.shutdown();
        try {
            killer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applications.close();
        try (Stream<Path> files = Files.walk(shippedConfDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not remove {}", shippedConfDir, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

}
