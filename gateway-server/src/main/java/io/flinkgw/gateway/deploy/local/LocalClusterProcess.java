package io.flinkgw.gateway.deploy.local;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.ShuffleModes;
import io.flinkgw.gateway.error.RootCause;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The main class of a query's cluster process: a Flink MiniCluster whose REST endpoint listens on
 * 127.0.0.1 and a free port, recorded in the gateway's {@link ClusterRegistry} once it serves. It runs
 * exactly one job: when the job has ended it records the job's outcome and exits. Until it is given a
 * job it is a spare, and it exits when the gateway that started it is gone. Once it has a job it no
 * longer depends on the gateway: a gateway that crashes leaves it running, for the next one to follow.
 *
 * <p>Started by the gateway only, with {@value #TAG_ARGUMENT} {@code <tag>} {@code --registry <dir>}
 * {@code --owner-pid <pid>} {@code --owner-start <millis>} {@code --task-slots <n>}
 * {@code --managed-memory <bytes>} {@code --network-memory <bytes>}, and optionally
 * {@value #WARM_UP_PLAN_ARGUMENT} {@code <file>}.
 */
public final class LocalClusterProcess {

    /** The argument that carries the process's tag, which identifies it on its command line. */
    static final String TAG_ARGUMENT = "--tag";

    /** The optional argument that names the file of the warm-up job's plan ({@link WarmUpJob}). */
    static final String WARM_UP_PLAN_ARGUMENT = "--warm-up-plan";

    private static final long POLL_MILLIS = 50;

    private LocalClusterProcess() {}

    /** Runs the cluster until its one job has ended, or until its gateway is gone while it has none. */
    public static void main(String[] args) {
        URL logConfiguration = LocalClusterProcess.class.getResource("cluster-log4j2.xml");
        if (logConfiguration != null && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", logConfiguration.toString());
        }
        int exitCode;
        try {
            run(arguments(args));
            exitCode = 0;
        } catch (Throwable e) {
            System.err.println("The cluster process failed: " + RootCause.describe(e));
            e.printStackTrace();
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    private static void run(Map<String, String> arguments) throws Exception {
        String tag = required(arguments, TAG_ARGUMENT);
        ClusterRegistry registry = new ClusterRegistry(Path.of(required(arguments, "--registry")));
        ProcessIdentity owner = new ProcessIdentity(
                Long.parseLong(required(arguments, "--owner-pid")), Long.parseLong(required(arguments, "--owner-start")));
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.BIND_PORT, "0");
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, new MemorySize(Long.parseLong(required(arguments, "--managed-memory"))));
        MemorySize network = new MemorySize(Long.parseLong(required(arguments, "--network-memory")));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        int slots = Integer.parseInt(required(arguments, "--task-slots"));
        ShuffleModes.enableHybridOn(configuration);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
            int port = cluster.getRestAddress().get().getPort();
            Set<JobID> warmUps = warmUp(port, Optional.ofNullable(arguments.get(WARM_UP_PLAN_ARGUMENT)).map(Path::of), slots);
            registry.write(new ClusterEntry(tag, ProcessIdentity.current(), port, owner, Optional.empty()));
            Optional<JobOutcome> outcome = serveOneJob(cluster, owner, warmUps);
            if (outcome.isPresent()) {
                registry.writeOutcome(tag, outcome.get());
            } else {
                registry.forget(tag, ClusterRegistry.LogRetention.DELETE); // a spare nobody will ever use
            }
        } finally {
            cluster.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs a small batch job through the cluster's own REST endpoint, as the gateway submits queries, so
     * that the classes and code paths of a query's job are loaded and compiled before the process is
     * offered as ready: off the query's critical path. The job is the gateway's compiled
     * {@link WarmUpJob} when it gave one and it runs; else a plain job of this process's own.
     */
    private static Set<JobID> warmUp(int port, Optional<Path> plan, int slots) throws Exception {
        Set<JobID> submitted = new HashSet<>();
        if (plan.isPresent()) {
            try {
                StreamGraph graph = ExecutionPlans.deserialize(Files.readAllBytes(plan.get()), LocalClusterProcess.class.getClassLoader());
                ShuffleModes.shareSlotsOfHybridJob(graph, slots);
                runToItsEnd(port, graph, submitted);
                return submitted;
            } catch (Exception e) {
                // a warm-up costs only its time: warm up without the gateway's job
                System.err.println("The warm-up job " + plan.get() + " failed: " + RootCause.describe(e));
            }
        }
        Configuration environment = new Configuration();
        environment.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(environment);
        env.fromSequence(1, 100).map(value -> value + 1).returns(Long.class).sinkTo(new DiscardingSink<>());
        // in the form the gateway submits a query's graph (see ExecutionPlans)
        runToItsEnd(port, ExecutionPlans.deserialize(
                ExecutionPlans.serialize(env.getStreamGraph()), LocalClusterProcess.class.getClassLoader()), submitted);
        return submitted;
    }

    /** Submits {@code graph} as a new job, noted in {@code submitted} first, and waits for it to succeed. */
    private static void runToItsEnd(int port, StreamGraph graph, Set<JobID> submitted) throws Exception {
        JobID jobId = new JobID();
        graph.setJobId(jobId);
        submitted.add(jobId);
        Configuration client = new Configuration();
        client.set(RestOptions.ADDRESS, "127.0.0.1");
        client.set(RestOptions.PORT, port);
        try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(client, StandaloneClusterId.getInstance())) {
            rest.submitJob(graph).get();
            rest.requestJobResult(jobId).get().toJobExecutionResult(LocalClusterProcess.class.getClassLoader());
        }
    }

    /** The outcome of the first job the cluster is given; empty when the owner died before giving one. */
    private static Optional<JobOutcome> serveOneJob(MiniCluster cluster, ProcessIdentity owner, Set<JobID> warmUps) throws Exception {
        while (true) {
            Optional<JobID> job = cluster.listJobs().get().stream()
                    .map(JobStatusMessage::getJobId).filter(id -> !warmUps.contains(id)).findFirst();
            if (job.isPresent()) {
                JobResult result = cluster.requestJobResult(job.get()).get();
                return Optional.of(outcomeOf(result));
            }
            if (!owner.isAlive()) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** A job's result in the form the gateway records failures: the root cause in one line. */
    static JobOutcome outcomeOf(JobResult result) {
        JobStatus status = result.getJobStatus().orElse(result.isSuccess() ? JobStatus.FINISHED : JobStatus.FAILED);
        if (result.isSuccess()) {
            return new JobOutcome(JobStatus.FINISHED, "");
        }
        try {
            result.toJobExecutionResult(LocalClusterProcess.class.getClassLoader());
            return new JobOutcome(status, "The job ended " + status);
        } catch (Exception failure) {
            return new JobOutcome(status, RootCause.describe(failure));
        }
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> arguments = new HashMap<>();
        for (int index = 0; index + 1 < args.length; index += 2) {
            arguments.put(args[index], args[index + 1]);
        }
        return arguments;
    }

    private static String required(Map<String, String> arguments, String name) {
        String value = arguments.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing argument " + name);
        }
        return value;
    }
}
