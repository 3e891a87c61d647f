package io.flinkgw.gateway.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The options of {@code deployment.target: local}: every query runs on a Flink MiniCluster in an
 * operating-system process of its own, started with the gateway's Java and class path.
 */
public final class LocalDeploymentOptions {

    /** Cluster processes started ahead of need. */
    public static final ConfigOption<Integer> WARM_CLUSTERS =
            ConfigOptions.key("deployment.local.warm-clusters")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Cluster processes started ahead of the next query; each still runs exactly one query"
                                    + " and ends after it, and a new one is started in its place. 0 starts a process"
                                    + " only when a query arrives.");

    /**
     * How long after a query took a spare the spare replacing it starts at the latest: starting a
     * cluster process takes the CPU for seconds, which the query's first rows would otherwise share.
     */
    public static final ConfigOption<Duration> SPARE_START_DELAY =
            ConfigOptions.key("deployment.local.spare-start-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long after a query took a spare the spare replacing it starts at the latest; it"
                                    + " starts as soon as that query ends when that is earlier. A process starting"
                                    + " takes the CPU for seconds, which the query's first rows would share. 0"
                                    + " starts the replacement at once.");

    /** Whether cluster processes share their classes through an archive. */
    public static final ConfigOption<Boolean> CLASS_DATA_SHARING =
            ConfigOptions.key("deployment.local.class-data-sharing")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the cluster processes share the classes they load through a class data sharing"
                                    + " archive (the JVM's AppCDS): the first process writes it when it ends, and the"
                                    + " processes after it map it and serve in about two thirds of the time. The"
                                    + " archive is rewritten for a new build, Java or set of JVM options.");

    /** Where the class data sharing archive is kept. */
    public static final ConfigOption<String> CLASS_DATA_DIRECTORY =
            ConfigOptions.key("deployment.local.class-data-dir")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Directory of the cluster processes' class data sharing archive (about 80 MB); empty:"
                                    + " the work directory (deployment.local.work-dir). Gateways of the same build may"
                                    + " share one.");

    /** Task slots of a query's cluster. */
    public static final ConfigOption<Integer> TASK_SLOTS =
            ConfigOptions.key("deployment.local.task-slots")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Task slots of each query's MiniCluster (upper bound of a query's parallelism).");

    /** Heap of each query's cluster process. */
    public static final ConfigOption<MemorySize> PROCESS_MEMORY =
            ConfigOptions.key("deployment.local.process-memory")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1g"))
                    .withDescription(
                            "Java heap (-Xmx) of each query's cluster process. Flink's managed memory (1/8 of it) and"
                                    + " network buffers (1/16 of it) are sized from it, off heap. A query that exhausts"
                                    + " it fails with SQLState 53200; the gateway and other queries carry on.");

    /** Extra options of the cluster processes' JVMs. */
    public static final ConfigOption<String> JVM_OPTIONS =
            ConfigOptions.key("deployment.local.jvm-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Extra JVM options of each query's cluster process, separated by spaces"
                            + " (e.g. -XX:+UseParallelGC).");

    /** Where the cluster processes are registered and log. */
    public static final ConfigOption<String> WORK_DIRECTORY =
            ConfigOptions.key("deployment.local.work-dir")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Directory of the cluster processes' registry files and logs, which a restarted gateway"
                                    + " reads to follow the queries a crashed one left running; empty: 'clusters' beside"
                                    + " a local result-store.root, else data/clusters.");

    private LocalDeploymentOptions() {}
}
