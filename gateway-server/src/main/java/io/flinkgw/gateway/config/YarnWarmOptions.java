package io.flinkgw.gateway.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The gateway's options for warm applications on YARN: dedicated Flink clusters deployed ahead of need,
 * each of which still runs exactly one query and then ends.
 */
public final class YarnWarmOptions {

    /** Warm applications kept deployed and waiting on YARN. */
    public static final ConfigOption<Integer> WARM_APPLICATIONS =
            ConfigOptions.key("deployment.yarn.warm-applications")
                    .intType()
                    .defaultValue(0)
                    .withDescription("Flink applications kept deployed and waiting on YARN, each with its JobManager"
                            + " and one TaskManager, so a query skips starting containers; each runs exactly one query"
                            + " and is replaced. Each idle one holds deployment.yarn.jobmanager-memory plus"
                            + " deployment.yarn.taskmanager-memory. 0: every query deploys its own application.");

    /** How long a warm application waits once its gateway stopped renewing its lease. */
    public static final ConfigOption<Duration> SPARE_LEASE_TIMEOUT =
            ConfigOptions.key("deployment.yarn.warm-lease-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("A waiting warm application whose gateway has not renewed its lease (a file"
                            + " beside the results, renewed every tenth of this) for this long ends by itself, so a"
                            + " gateway that died for good leaves no containers held.");

    private YarnWarmOptions() {}
}
