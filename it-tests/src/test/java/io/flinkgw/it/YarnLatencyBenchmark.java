package io.flinkgw.it;

import io.flinkgw.gateway.config.YarnWarmOptions;
import io.flinkgw.gateway.result.ResultManifest;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * How long a small query takes on YARN, with and without a warm application (run by {@code bin/benchmark
 * --yarn}, not by the test suite): a MiniYARNCluster and a gateway with target yarn-application in this
 * JVM, {@code SELECT 1} run several times through DriverManager.
 *
 * <ul>
 *   <li>Cold ({@code deployment.yarn.warm-applications: 0}): each run is split by YARN's application report
 *       and the result's commit time into gateway (plan, upload, submit), YARN start of the JobManager
 *       container, JobManager start and job, teardown, and notice-and-fetch.
 *   <li>Warm (1): before each run the benchmark waits until a spare runs, as a gateway that is not
 *       saturated has one; then execute to first row. The idle cost is what YARN reports one waiting spare
 *       holds: containers and memory.
 * </ul>
 */
public final class YarnLatencyBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private YarnLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path directory = Files.createTempDirectory("flinkgw-yarn-bench");
        Map<String, List<Long>> phases = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        try (YarnTestCluster yarn = YarnTestCluster.start(directory.resolve("yarn"))) {
            cold(yarn, directory.resolve("cold"), runs, phases);
            warm(yarn, directory.resolve("warm"), runs, phases, summary);
        }
        StringBuilder text = new StringBuilder("SELECT 1 on YARN (MiniYARNCluster, 1 NodeManager), " + runs + " runs each, ms\n");
        phases.forEach((phase, values) -> text.append(String.format("%-62s median %6d   runs %s%n", phase, median(values), values)));
        text.append(summary);
        System.out.print(text);
        Files.writeString(Path.of("target", "yarn-benchmark-results.txt"), text);
    }

    private static void cold(YarnTestCluster yarn, Path directory, int runs, Map<String, List<Long>> phases) throws Exception {
        Configuration configuration = YarnApplicationTest.yarnGatewayConfiguration(yarn);
        try (TestGateway gateway = TestGateway.start(directory, configuration);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            ResultStore results = new ResultStore(directory.resolve("results").toUri().toString());
            for (int run = 0; run < runs; run++) {
                Run timed = Run.of(statement);
                long start = timed.start();
                long firstRow = timed.firstRow();
                long lastRow = timed.lastRow();
                String queryId = timed.queryId();
                ApplicationReport report = yarn.awaitApplication(
                        queryId, app -> app.getYarnApplicationState() == YarnApplicationState.FINISHED, Duration.ofMinutes(1));
                ResultManifest manifest = results.manifest(queryId).orElseThrow();
                long committed = manifest.committedAt().toEpochMilli();
                add(phases, "cold: gateway: plan, upload, submit", report.getStartTime() - start);
                add(phases, "cold: YARN: JobManager container allocated and launched", report.getLaunchTime() - report.getStartTime());
                add(phases, "cold: JobManager start, TaskManager, job, commit", committed - report.getLaunchTime());
                add(phases, "cold: commit to first row", firstRow - committed);
                add(phases, "cold: teardown (commit to YARN FINISHED)", report.getFinishTime() - committed);
                add(phases, "cold: first row, execute to first row", firstRow - start);
                add(phases, "cold: total, execute to last row", lastRow - start);
                System.out.printf("cold run %d: first row %d ms%n", run + 1, firstRow - start);
            }
        }
    }

    private static void warm(YarnTestCluster yarn, Path directory, int runs, Map<String, List<Long>> phases, StringBuilder summary)
            throws Exception {
        Configuration configuration = YarnApplicationTest.yarnGatewayConfiguration(yarn);
        configuration.set(YarnWarmOptions.WARM_APPLICATIONS, 1);
        try (TestGateway gateway = TestGateway.start(directory, configuration);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            Set<org.apache.hadoop.yarn.api.records.ApplicationId> used = new java.util.HashSet<>();
            for (int run = 0; run < runs; run++) {
                long waitStart = System.currentTimeMillis();
                ApplicationReport spare = yarn.awaitRunningSpare(used, TIMEOUT);
                awaitTaskManager(yarn, spare);
                if (run == 0) {
                    ApplicationResourceUsageReport usage =
                            yarn.client().getApplicationReport(spare.getApplicationId()).getApplicationResourceUsageReport();
                    summary.append(String.format("idle cost of one waiting spare: %d containers, %d MiB, %d vcores%n",
                            usage.getNumUsedContainers(), usage.getUsedResources().getMemorySize(),
                            usage.getUsedResources().getVirtualCores()));
                }
                add(phases, "warm: spare replaced, previous query's end to spare ready", System.currentTimeMillis() - waitStart);
                used.add(spare.getApplicationId());
                Run timed = Run.of(statement);
                long start = timed.start();
                long firstRow = timed.firstRow();
                long lastRow = timed.lastRow();
                add(phases, "warm: first row, execute to first row", firstRow - start);
                add(phases, "warm: total, execute to last row", lastRow - start);
                System.out.printf("warm run %d: first row %d ms%n", run + 1, firstRow - start);
            }
        }
        summary.append("spares still running after the gateway stopped: "
                + yarn.spares(EnumSet.of(YarnApplicationState.RUNNING)).size() + "\n");
    }

    /** Waits until the spare is idle and ready: its TaskManager registered and its warm-up job done. */
    private static void awaitTaskManager(YarnTestCluster yarn, ApplicationReport spare) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String overview = Conditions.await(() -> {
            ApplicationReport report = yarn.client().getApplicationReport(spare.getApplicationId());
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://" + report.getHost() + ":" + report.getRpcPort() + "/overview")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                return ""; // the JobManager's endpoint is not up yet
            }
        }, YarnLatencyBenchmark::idleAndReady, TIMEOUT);
        if (overview == null || !idleAndReady(overview)) {
            throw new AssertionError("Spare " + spare.getApplicationId() + " not ready within " + TIMEOUT);
        }
    }

    private static boolean idleAndReady(String overview) {
        return overview.contains("\"taskmanagers\":1") && overview.contains("\"jobs-running\":0")
                && overview.contains("\"jobs-finished\":") && !overview.contains("\"jobs-finished\":0");
    }

    /** One {@code SELECT 1}: when it was executed, its first and last row arrived (epoch ms), and its query. */
    private record Run(long start, long firstRow, long lastRow, String queryId) {
        static Run of(Statement statement) throws java.sql.SQLException {
            long start = System.currentTimeMillis();
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                rows.next();
                long firstRow = System.currentTimeMillis();
                while (rows.next()) {
                    rows.getInt(1);
                }
                return new Run(start, firstRow, System.currentTimeMillis(),
                        statement.unwrap(FlinkgwStatement.class).getQueryId());
            }
        }
    }

    private static void add(Map<String, List<Long>> phases, String phase, long millis) {
        phases.computeIfAbsent(phase, key -> new ArrayList<>()).add(millis);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }
}
