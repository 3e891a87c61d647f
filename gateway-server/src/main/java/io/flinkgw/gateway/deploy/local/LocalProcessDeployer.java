package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.config.GatewayOptions;
import io.flinkgw.gateway.config.LocalDeploymentOptions;
import io.flinkgw.gateway.deploy.ClusterDeployer;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.deploy.ShuffleModes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: every query runs on a Flink MiniCluster in an operating-system process of its
 * own ({@link LocalClusterProcess}), its job submitted over the cluster's REST endpoint as to any remote
 * cluster. A query that exhausts its process's memory ends that process only. A process runs exactly
 * one job and exits when it has ended; {@code warmClusters} processes are started ahead of need.
 *
 * <p>A gateway that crashes leaves its queries' processes running: each is recorded in a
 * {@link ClusterRegistry} and as its query's cluster id, from which the next gateway follows it again
 * ({@link #reattach}) or, when its query is over, ends it ({@link #killOrphans}). A gateway that closes
 * cancels its queries, so their processes end with them.
 */
public final class LocalProcessDeployer implements ClusterDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessDeployer.class);

    /**
     * The settings of the local deployment.
     *
     * @param taskSlots task slots of each cluster
     * @param warmClusters processes started ahead of need
     * @param processMemory the Java heap of each process
     * @param jvmOptions extra JVM options of each process
     * @param workDirectory where the processes are registered and log
     * @param spareStartDelay how long after a query took a spare its replacement starts at the latest
     *     (at once when the query ends earlier)
     * @param classDataDirectory where the processes' class data sharing archive is kept; empty: none is
     */
    public record Settings(int taskSlots, int warmClusters, MemorySize processMemory, List<String> jvmOptions, Path workDirectory,
            Duration spareStartDelay, Optional<Path> classDataDirectory) {

        public Settings {
            if (taskSlots < 1 || warmClusters < 0) {
                throw new IllegalArgumentException("task slots must be positive and warm clusters not negative");
            }
            requireNonNull(processMemory, "processMemory is null");
            jvmOptions = List.copyOf(requireNonNull(jvmOptions, "jvmOptions is null"));
            requireNonNull(workDirectory, "workDirectory is null");
            if (spareStartDelay.isNegative()) {
                throw new IllegalArgumentException("the spare start delay must not be negative");
            }
            requireNonNull(classDataDirectory, "classDataDirectory is null");
        }

        /** Settings whose spares are replaced as soon as they are taken, without a class data archive. */
        public Settings(int taskSlots, int warmClusters, MemorySize processMemory, List<String> jvmOptions, Path workDirectory) {
            this(taskSlots, warmClusters, processMemory, jvmOptions, workDirectory, Duration.ZERO, Optional.empty());
        }

        /** The settings a gateway's configuration gives. */
        public static Settings from(Configuration configuration) {
            String jvmOptions = configuration.get(LocalDeploymentOptions.JVM_OPTIONS).strip();
            Path workDirectory = workDirectory(configuration);
            String classData = configuration.get(LocalDeploymentOptions.CLASS_DATA_DIRECTORY).strip();
            return new Settings(
                    configuration.get(LocalDeploymentOptions.TASK_SLOTS),
                    configuration.get(LocalDeploymentOptions.WARM_CLUSTERS),
                    configuration.get(LocalDeploymentOptions.PROCESS_MEMORY),
                    jvmOptions.isEmpty() ? List.of() : Arrays.asList(jvmOptions.split("\\s+")),
                    workDirectory,
                    configuration.get(LocalDeploymentOptions.SPARE_START_DELAY),
                    !configuration.get(LocalDeploymentOptions.CLASS_DATA_SHARING) ? Optional.empty()
                            : Optional.of(classData.isEmpty() ? workDirectory : Path.of(classData).toAbsolutePath()));
        }

        private static Path workDirectory(Configuration configuration) {
            String configured = configuration.get(LocalDeploymentOptions.WORK_DIRECTORY);
            if (!configured.isBlank()) {
                return Path.of(configured).toAbsolutePath();
            }
            String resultRoot = configuration.get(GatewayOptions.RESULT_ROOT);
            URI uri = URI.create(resultRoot.replace('\\', '/'));
            if (uri.getScheme() == null || uri.getScheme().length() == 1) {
                return Path.of(resultRoot).toAbsolutePath().normalize().resolveSibling("clusters");
            }
            if (uri.getScheme().equals("file")) {
                return Path.of(uri).normalize().resolveSibling("clusters");
            }
            return Path.of("data", "clusters").toAbsolutePath();
        }
    }

    private final Settings settings;
    private final ClusterRegistry registry;
    private final ProcessIdentity self = ProcessIdentity.current();
    private final ClusterProcessLauncher launcher;
    private final ExecutorService starter;
    private final Deque<CompletableFuture<ClusterProcess>> spares = new ArrayDeque<>();
    private final Map<String, ClusterProcess> deploying = new ConcurrentHashMap<>();
    private final Set<ProcessDeployedJob> running = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** Creates the deployer and starts its spare processes in the background. */
    public LocalProcessDeployer(Settings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.registry = new ClusterRegistry(settings.workDirectory());
        this.launcher = new ClusterProcessLauncher(settings, registry, self);
        try {
            // a plan an earlier gateway left may be of another build: processes wait for this one's
            Files.deleteIfExists(registry.warmUpPlan());
        } catch (IOException e) {
            LOG.warn("Could not remove the warm-up plan an earlier gateway left", e);
        }
        this.starter = Executors.newFixedThreadPool(Math.max(1, settings.warmClusters()), runnable -> {
            Thread thread = new Thread(runnable, "flinkgw-cluster-starter");
            thread.setDaemon(true);
            return thread;
        });
        synchronized (this) {
            replenish();
        }
    }

    @Override
    public DeployedJob deploy(QueryDeployment deployment) throws Exception {
        requireNonNull(deployment, "deployment is null");
        String queryId = deployment.queryId();
        long started = System.nanoTime();
        ClusterProcess cluster;
        try {
            cluster = take();
        } catch (Exception | Error e) {
            replaceSparesAfter(CompletableFuture.completedFuture(null));
            throw e;
        }
        long taken = System.nanoTime();
        deploying.put(queryId, cluster);
        RestClusterClient<StandaloneClusterId> client = null;
        try {
            ClusterEntry entry = cluster.entry().withQuery(queryId, self);
            registry.write(entry); // before the job exists: a next gateway must know whose it is
            StreamGraph graph = ExecutionPlans.deserialize(deployment.executionPlan(), LocalProcessDeployer.class.getClassLoader());
            JobID jobId = ExecutionPlans.jobIdOf(queryId);
            graph.setJobId(jobId);
            boolean sharing = ShuffleModes.shareSlotsOfHybridJob(graph, settings.taskSlots());
            client = restClient(entry.restPort());
            client.submitJob(graph).get();
            CompletableFuture<OptionalInt> exitCode = cluster.process().onExit().thenApply(process -> OptionalInt.of(process.exitValue()));
            ProcessDeployedJob job = new ProcessDeployedJob(
                    entry.address(), jobId, client, cluster.process().toHandle(), exitCode, registry, describe(settings.processMemory()));
            track(job);
            replaceSparesAfter(job.exited());
            LOG.info("Query {} runs as job {} on cluster process {} ({} exchanges{}; waited {} ms for the process,"
                            + " submitted in {} ms)",
                    queryId, jobId, entry.address(), graph.getGlobalStreamExchangeMode(),
                    sharing ? ", every operator in one slot sharing group" : "", TimeUnit.NANOSECONDS.toMillis(taken - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - taken));
            return job;
        } catch (Exception | Error e) {
            replaceSparesAfter(CompletableFuture.completedFuture(null));
            cluster.destroy();
            if (client != null) {
                client.close();
            }
            cluster.process().onExit().thenRun(() -> registry.forget(cluster.entry().tag(), ClusterRegistry.LogRetention.KEEP));
            throw e;
        } finally {
            deploying.remove(queryId, cluster);
        }
    }

    private void track(ProcessDeployedJob job) {
        running.add(job);
        job.exited().whenComplete((ignored, failure) -> running.remove(job));
    }

    private ClusterProcess take() throws Exception {
        CompletableFuture<ClusterProcess> next;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The deployer is closed");
            }
            next = spares.pollFirst();
        }
        if (next == null) {
            return launcher.start();
        }
        try {
            return next.get();
        } catch (InterruptedException e) {
            next.thenAccept(ClusterProcess::destroy); // taken from the spares: nobody else ends it
            throw e;
        } catch (ExecutionException e) {
            LOG.warn("A spare cluster process did not start; starting one for the query", e.getCause());
            return launcher.start();
        }
    }

    /**
     * Starts the spares that replace those taken once {@code queryEnded} completes (however it does) or
     * the spare start delay has passed, whichever comes first: a process starting would take the CPU
     * from the query that just took its spare.
     */
    private void replaceSparesAfter(CompletableFuture<?> queryEnded) {
        CompletableFuture<Void> delayed = new CompletableFuture<Void>()
                .completeOnTimeout(null, settings.spareStartDelay().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.anyOf(queryEnded, delayed).whenComplete((ignored, failure) -> {
            synchronized (this) {
                replenish();
            }
        });
    }

    private void replenish() {
        while (!closed && spares.size() < settings.warmClusters()) {
            spares.addLast(CompletableFuture.supplyAsync(this::startSpare, starter));
        }
    }

    private ClusterProcess startSpare() {
        try {
            return launcher.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start a cluster process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a cluster process started", e);
        }
    }

    /** REST client of a cluster process; it fails fast once the process is gone. */
    private static RestClusterClient<StandaloneClusterId> restClient(int port) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.PORT, port);
        configuration.set(RestOptions.RETRY_MAX_ATTEMPTS, 3);
        configuration.set(RestOptions.RETRY_DELAY, Duration.ofMillis(200));
        return new RestClusterClient<>(configuration, StandaloneClusterId.getInstance());
    }

    /** A memory size as it is written in the configuration, e.g. {@code 512m}. */
    static String describe(MemorySize size) {
        long bytes = size.getBytes();
        if (bytes % MemorySize.ofMebiBytes(1024).getBytes() == 0) {
            return bytes / MemorySize.ofMebiBytes(1024).getBytes() + "g";
        }
        if (bytes % MemorySize.ofMebiBytes(1).getBytes() == 0) {
            return bytes / MemorySize.ofMebiBytes(1).getBytes() + "m";
        }
        return bytes + "b";
    }

    @Override
    public Optional<DeployedJob> reattach(String queryId, Optional<String> clusterId) throws Exception {
        Optional<ClusterAddress> found = clusterId.flatMap(ClusterAddress::parse).filter(ClusterAddress::isRunning);
        Optional<ProcessHandle> process = found.flatMap(address -> ProcessHandle.of(address.pid()));
        if (found.isEmpty() || process.isEmpty()) {
            return Optional.empty(); // it ended: the query is settled from what its job wrote
        }
        ClusterAddress address = found.get();
        ClusterEntry entry = registry.read(address.tag())
                .orElse(new ClusterEntry(address.tag(), ProcessIdentity.of(process.get()), address.restPort(), self, Optional.empty()));
        registry.write(entry.withQuery(queryId, self)); // ours now: another live gateway leaves it alone
        RestClusterClient<StandaloneClusterId> client = restClient(address.restPort());
        CompletableFuture<OptionalInt> exitCode = process.get().onExit().thenApply(ignored -> OptionalInt.empty());
        ProcessDeployedJob job = new ProcessDeployedJob(
                address, ExecutionPlans.jobIdOf(queryId), client, process.get(), exitCode, registry, describe(settings.processMemory()));
        track(job);
        return Optional.of(job);
    }

    @Override
    public void abort(String queryId) {
        ClusterProcess cluster = deploying.remove(queryId);
        if (cluster != null) {
            cluster.destroy();
        }
    }

    /**
     * Ends the processes that gateways now gone left without a live query: spares, and processes whose
     * query is over or unknown. Processes of a gateway still running are never touched.
     */
    @Override
    public int killOrphans(Predicate<String> isRunning) {
        List<ClusterEntry> entries;
        try {
            entries = registry.list();
        } catch (IOException e) {
            LOG.warn("Cannot list the cluster processes in {}", registry.directory(), e);
            return 0;
        }
        int killed = 0;
        for (ClusterEntry entry : entries) {
            if (entry.owner().equals(self) || entry.owner().isAlive()) {
                continue;
            }
            ClusterAddress address = entry.address();
            if (!address.isRunning()) {
                registry.forget(entry.tag(), ClusterRegistry.LogRetention.DELETE);
            } else if (entry.queryId().filter(isRunning).isEmpty()) {
                LOG.info("Ending cluster process {} left by a gateway now gone (query {})", address, entry.queryId().orElse("none"));
                ProcessHandle.of(address.pid()).ifPresent(ProcessHandle::destroyForcibly);
                registry.forget(entry.tag(), ClusterRegistry.LogRetention.DELETE);
                killed++;
            }
        }
        return killed;
    }

    @Override
    public int runningClusters() {
        return running.size();
    }

    /**
     * Gives the processes started from now on the plan of their warm-up job ({@link WarmUpJob}, compiled
     * by a session); until then they warm up with a plain job of their own.
     */
    public void warmUpWith(byte[] plan) throws IOException {
        registry.writeWarmUpPlan(requireNonNull(plan, "plan is null"));
    }

    /** Spare processes that serve, ready for the next query. */
    @Override
    public synchronized int spareClusters() {
        return (int) spares.stream().filter(spare -> spare.isDone() && !spare.isCompletedExceptionally()).count();
    }

    /** Cancels every job still running, ends every process, and waits (up to half a minute) for them to exit. */
    @Override
    public void close() {
        List<CompletableFuture<ClusterProcess>> toEnd;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toEnd = List.copyOf(spares);
            spares.clear();
        }
        deploying.values().forEach(ClusterProcess::destroy);
        for (ProcessDeployedJob job : running) {
            job.cancel();
        }
        for (CompletableFuture<ClusterProcess> spare : toEnd) {
            spare.thenAccept(cluster -> {
                cluster.destroy();
                cluster.process().onExit().thenRun(() -> registry.forget(cluster.entry().tag(), ClusterRegistry.LogRetention.DELETE));
            });
        }
        starter.shutdownNow(); // a spare still starting is ended by its interrupted launcher
        try {
            starter.awaitTermination(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(running.stream().map(ProcessDeployedJob::exited).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Cluster processes did not end in time; ending them", e);
        }
        running.forEach(ProcessDeployedJob::destroy);
        for (CompletableFuture<ClusterProcess> spare : toEnd) {
            spare.thenAccept(cluster -> cluster.process().onExit().join());
        }
    }
}
