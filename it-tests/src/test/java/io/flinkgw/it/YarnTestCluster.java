package io.flinkgw.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler;

/**
 * A real YARN (ResourceManager and one NodeManager) in the test JVM, whose containers are real
 * processes, with its configuration written as {@code yarn-site.xml} into a conf dir for the gateway.
 */
final class YarnTestCluster implements AutoCloseable {

    private final MiniYARNCluster cluster;
    private final YarnClient client;
    private final Path confDir;

    private YarnTestCluster(MiniYARNCluster cluster, YarnClient client, Path confDir) {
        this.cluster = cluster;
        this.client = client;
        this.confDir = confDir;
    }

    static YarnTestCluster start(Path directory) throws IOException {
        return start(directory, "file:///");
    }

    /** Starts YARN with {@code defaultFs} as the file system of staging directories and site files. */
    static YarnTestCluster start(Path directory, String defaultFs) throws IOException {
        YarnConfiguration configuration = new YarnConfiguration();
        configuration.set(YarnConfiguration.RM_SCHEDULER, FifoScheduler.class.getName());
        configuration.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
        configuration.setInt(YarnConfiguration.NM_VCORES, 8);
        configuration.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        configuration.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        configuration.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        configuration.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
        configuration.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
        configuration.set("fs.defaultFS", defaultFs);
        configuration.setInt("dfs.replication", 1);
        configuration.set(YarnConfiguration.NM_LOCAL_DIRS, directory.resolve("nm-local").toString());
        configuration.set(YarnConfiguration.NM_LOG_DIRS, directory.resolve("nm-logs").toString());
        configuration.set("yarn.app.mapreduce.am.staging-dir", directory.resolve("staging").toString());
        MiniYARNCluster cluster = new MiniYARNCluster("flinkgw-it", 1, 1, 1);
        cluster.init(configuration);
        cluster.start();
        Configuration started = cluster.getConfig();
        Path confDir = Files.createDirectories(directory.resolve("hadoop-conf"));
        try (OutputStream output = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            started.writeXml(output);
        }
        YarnClient client = YarnClient.createYarnClient();
        client.init(started);
        client.start();
        return new YarnTestCluster(cluster, client, confDir);
    }

    /** A local directory for applications' staged files. */
    Path stagingDir() {
        return confDir.resolveSibling("staging");
    }

    Path confDir() {
        return confDir;
    }

    YarnClient client() {
        return client;
    }

    /** The flinkgw application of a query, if YARN knows it. */
    Optional<ApplicationReport> applicationOf(String queryId) throws Exception {
        List<ApplicationReport> reports =
                client.getApplications(Set.of("flinkgw"), EnumSet.allOf(YarnApplicationState.class), Set.of("flinkgw-q-" + queryId));
        return reports.stream().findFirst();
    }

    /** Waits until the query's application report satisfies {@code condition}, for at most {@code timeout}. */
    ApplicationReport awaitApplication(String queryId, Predicate<ApplicationReport> condition, Duration timeout)
            throws Exception {
        Optional<ApplicationReport> last = Conditions.await(
                () -> applicationOf(queryId), report -> report.isPresent() && condition.test(report.get()), timeout);
        if (last == null || last.isEmpty() || !condition.test(last.get())) {
            throw new AssertionError("Application of query " + queryId + " did not reach the expected state within "
                    + timeout + "; last report: " + (last == null ? Optional.<ApplicationReport>empty() : last)
                    .map(report -> report.getYarnApplicationState() + "/" + report.getFinalApplicationStatus() + " "
                            + report.getDiagnostics()).orElse("none"));
        }
        return last.get();
    }

    /** Warm applications (tagged {@code flinkgw-spare-*}) in one of {@code states}. */
    List<ApplicationReport> spares(EnumSet<YarnApplicationState> states) throws Exception {
        return client.getApplications(Set.of("flinkgw"), states).stream()
                .filter(report -> report.getApplicationTags().stream().anyMatch(tag -> tag.startsWith("flinkgw-spare-")))
                .toList();
    }

    /** Waits until a running warm application other than {@code except} exists, for at most {@code timeout}. */
    ApplicationReport awaitRunningSpare(Set<ApplicationId> except, Duration timeout) throws Exception {
        Optional<ApplicationReport> spare = Conditions.await(
                () -> spares(EnumSet.of(YarnApplicationState.RUNNING)).stream()
                        .filter(report -> !except.contains(report.getApplicationId()))
                        .findFirst(),
                Optional::isPresent, timeout);
        if (spare == null || spare.isEmpty()) {
            throw new AssertionError("No running warm application besides " + except + " within " + timeout);
        }
        return spare.get();
    }

    /** Waits until the application's report satisfies {@code condition}, for at most {@code timeout}. */
    ApplicationReport awaitApplication(ApplicationId applicationId, Predicate<ApplicationReport> condition, Duration timeout)
            throws Exception {
        ApplicationReport last = Conditions.await(() -> client.getApplicationReport(applicationId), condition, timeout);
        if (last == null || !condition.test(last)) {
            throw new AssertionError("Application " + applicationId + " did not reach the expected state within " + timeout
                    + "; last report: " + (last == null ? "none" : last.getYarnApplicationState() + "/" + last.getFinalApplicationStatus()));
        }
        return last;
    }

    /** The applications YARN still runs. */
    List<ApplicationReport> liveApplications() throws Exception {
        return client.getApplications(EnumSet.of(
                YarnApplicationState.NEW, YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED,
                YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING));
    }

    /**
     * Prints the last lines of every container's log (JobManagers' and TaskManagers'), so that a test
     * that failed on YARN says why in its own output: the NodeManager's log folder goes with the test's.
     */
    void printContainerLogs(int lastLines) {
        Path logs = Path.of(cluster.getConfig().get(YarnConfiguration.NM_LOG_DIRS));
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (var files = Files.walk(logs)) {
            for (Path log : files.filter(file -> file.toString().endsWith(".log") || file.endsWith("jobmanager.err")
                    || file.endsWith("taskmanager.err")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
                System.out.println("==== " + logs.relativize(log) + " (last " + lastLines + " of " + lines.size() + " lines)");
                lines.subList(Math.max(0, lines.size() - lastLines), lines.size()).forEach(System.out::println);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("Could not print the containers' logs: " + e);
        }
    }

    @Override
    public void close() {
        client.stop();
        cluster.stop();
    }
}
