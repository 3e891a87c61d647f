package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.error.RootCause;
import io.flinkgw.gateway.result.ResultStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.ClusterSpecification;
import org.apache.flink.client.deployment.application.ApplicationConfiguration;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.yarn.YarnClientYarnClusterInformationRetriever;
import org.apache.flink.yarn.YarnClusterClientFactory;
import org.apache.flink.yarn.YarnClusterDescriptor;
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

    private final Settings settings;
    private final ResultStore resultStore;
    private final YarnApplications applications;
    private final YarnStaging staging;
    private final YarnReaper reaper;
    private final ScheduledExecutorService monitor;
    private final ExecutorService killer;
    private final SpareClaims claims;
    private final WarmApplications warm;
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
     * @param warmApplications applications kept deployed and waiting for a query
     * @param leaseTimeout how long a waiting application outlives its gateway's last lease renewal
     * @param sessionDefaults the Flink configuration a session starts with: what warm applications run with
     */
    public record Settings(
            Path hadoopConfDir, List<Path> shipFiles, Path userJar, int applicationAttempts, String gatewayTag,
            MemorySize jobManagerMemory, MemorySize taskManagerMemory, int taskSlots, String javaHome, Duration pollInterval,
            Optional<String> stagingDirectory, int warmApplications, Duration leaseTimeout, Map<String, String> sessionDefaults) {

        public Settings {
            requireNonNull(leaseTimeout, "leaseTimeout is null");
            sessionDefaults = Map.copyOf(requireNonNull(sessionDefaults, "sessionDefaults is null"));
            if (warmApplications < 0) {
                throw new IllegalArgumentException("warmApplications must not be negative");
            }
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
        YarnConfiguration yarnConfiguration = YarnApplications.configurationFrom(settings.hadoopConfDir());
        this.staging = YarnStaging.prepare(settings.hadoopConfDir(), settings.stagingDirectory(), yarnConfiguration);
        this.applications = new YarnApplications(yarnConfiguration, settings.gatewayTag());
        this.monitor = Executors.newSingleThreadScheduledExecutor(daemon("flinkgw-yarn-monitor"));
        this.killer = Executors.newCachedThreadPool(daemon("flinkgw-yarn-kill"));
        this.reaper = new YarnReaper(applications, staging, killer);
        this.claims = new SpareClaims(resultStore.root());
        JobManagerOverview overview = new JobManagerOverview();
        this.warm = new WarmApplications(settings.warmApplications(), this::launchSpare, claims, new WarmApplications.Applications() {
            @Override
            public WarmApplications.SpareState stateOf(ApplicationId applicationId) throws Exception {
                Optional<ApplicationReport> report = applications.report(applicationId);
                if (report.isEmpty() || !YarnApplications.LIVE_STATES.contains(report.get().getYarnApplicationState())) {
                    return WarmApplications.SpareState.GONE;
                }
                boolean ready = report.get().getYarnApplicationState() == YarnApplicationState.RUNNING
                        && overview.registeredTaskManagers(report.get().getHost(), report.get().getRpcPort()) > 0;
                return ready ? WarmApplications.SpareState.READY : WarmApplications.SpareState.STARTING;
            }

            @Override
            public void kill(ApplicationId applicationId) throws Exception {
                applications.kill(applicationId);
                reaper.removeStagedFiles(applicationId);
            }
        }, leaseName(settings.gatewayTag()), settings.leaseTimeout().dividedBy(10));
    }

    /** The name of this gateway's lease: its tag, as a file name. */
    static String leaseName(String gatewayTag) {
        return YarnApplications.gatewayTagOf(gatewayTag).replaceAll("[^a-z0-9-]", "-");
    }

    /** The YARN view this deployer's applications are followed through. */
    public YarnApplications applications() {
        return applications;
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        requireNonNull(deployment, "deployment is null");
        if (closed) {
            throw new IllegalStateException("The deployer is closed");
        }
        String queryId = deployment.queryId();
        JobID jobId = ExecutionPlans.jobIdOf(queryId);
        if (YarnApplicationConfiguration.fitsSpare(deployment.configuration(), settings.sessionDefaults())) {
            Optional<WarmApplications.Spare> spare = warm.claim(queryId);
            if (spare.isPresent()) {
                YarnDeployedJob job = track(queryId, jobId, spare.get().applicationId());
                job.completion().whenComplete((ignored, failure) -> releaseClaim(spare.get()));
                return job;
            }
        }
        Configuration configuration = YarnApplicationConfiguration.of(settings, deployment, staging.paths());
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
            reaper.cleanUpFailedDeployment(queryId);
            throw new JobFailedException("Could not deploy the query's application on YARN (ResourceManager "
                    + applications.configuration().get(YarnConfiguration.RM_ADDRESS) + "): " + RootCause.describe(e));
        } finally {
            descriptor.close();
        }
        LOG.info("Query {} runs as application {} on YARN (deployed in {} ms)",
                queryId, applicationId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return track(queryId, jobId, applicationId);
    }

    /** Deploys a warm application ({@link WarmApplications.Launcher}); returns once YARN runs it. */
    private ApplicationId launchSpare(String spareId) throws Exception {
        Configuration configuration = YarnApplicationConfiguration.spare(settings, spareId, staging.paths());
        ClusterSpecification specification = new YarnClusterClientFactory().getClusterSpecification(configuration);
        String[] arguments = {
            resultStore.root().toString(), QueryApplication.SPARE, spareId, leaseName(settings.gatewayTag()),
            Long.toString(settings.leaseTimeout().toSeconds())
        };
        YarnClusterDescriptor descriptor = descriptor(configuration);
        try (ClusterClient<ApplicationId> client = descriptor.deployApplicationCluster(
                        specification, new ApplicationConfiguration(arguments, QueryApplication.class.getName()))
                .getClusterClient()) {
            return client.getClusterId();
        } catch (Exception e) {
            DeploymentFailureHooks.removeLeftBy(descriptor);
            killSpare(spareId); // a launch given up on (or interrupted by a stopping gateway) may have submitted it
            throw e;
        } finally {
            descriptor.close();
        }
    }

    private void killSpare(String spareId) {
        boolean interrupted = Thread.interrupted(); // YARN's client gives up at once on an interrupted thread
        try {
            Optional<ApplicationReport> report = applications.findSpare(spareId);
            if (report.isPresent() && YarnApplications.LIVE_STATES.contains(report.get().getYarnApplicationState())) {
                applications.kill(report.get().getApplicationId());
                reaper.removeStagedFiles(report.get().getApplicationId());
            }
        } catch (Exception e) {
            LOG.warn("Could not kill the warm application {} whose start failed", spareId, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void releaseClaim(WarmApplications.Spare spare) {
        try {
            claims.release(spare.spareId());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not remove the claim of spare {}", spare.spareId(), e);
        }
    }

    /** Whether a live application is a warm one this gateway still needs: waiting, or running a live query. */
    private boolean isSpareInUse(ApplicationReport report, Predicate<String> isRunning) {
        Optional<String> spareId = YarnApplications.spareIdOf(report);
        if (spareId.isEmpty()) {
            return false;
        }
        if (warm.isWaiting(report.getApplicationId())) {
            return true;
        }
        try {
            return claims.claimOf(spareId.get()).map(queryId -> running.containsKey(queryId) || isRunning.test(queryId))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: leave it to the next sweep
        }
    }

    private YarnDeployedJob track(String queryId, JobID jobId, ApplicationId applicationId) {
        YarnDeployedJob job = new YarnDeployedJob(
                queryId, jobId, applicationId, applications, resultStore, () -> retrieve(applicationId), monitor, killer,
                settings.pollInterval());
        running.put(queryId, job);
        job.completion().whenComplete((ignored, failure) -> {
            running.remove(queryId, job);
            reaper.removeStagedFiles(applicationId);
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
        reaper.abort(queryId);
    }

    /** Applications are not killed when the gateway stops: a restarted gateway follows them again. */
    @Override
    public boolean clustersOutliveGateway() {
        return true;
    }

    @Override
    public int killOrphans(Predicate<String> isRunning) {
        Predicate<String> live = queryId -> running.containsKey(queryId) || isRunning.test(queryId);
        return reaper.killOrphans(live, report -> isSpareInUse(report, isRunning));
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
            Configuration configuration = YarnApplicationConfiguration.client();
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

    /** Warm applications deployed and waiting for a query. */
    @Override
    public int spareClusters() {
        return warm.waiting();
    }

    /**
     * Stops following applications; they keep running and a restarted gateway follows them again. The
     * staged files of applications killed on request are removed now.
     */
    @Override
    public void close() {
        closed = true;
        warm.close();
        monitor.shutdownNow();
        running.values().forEach(YarnDeployedJob::closeClient);
        killer.shutdown();
        try {
            killer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the monitor no longer sees killed applications end, and no restarted gateway follows them again
        running.values().stream().filter(YarnDeployedJob::killed)
                .forEach(job -> staging.deleteStagedFiles(job.applicationId()));
        applications.close();
        staging.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

}
