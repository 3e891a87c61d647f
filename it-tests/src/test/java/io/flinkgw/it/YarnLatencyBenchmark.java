package io.flinkgw.it;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * Where the time of a small query on YARN goes (run by {@code bin/benchmark --yarn}, not by the test
 * suite): a MiniYARNCluster and a gateway with target yarn-application in this JVM, {@code SELECT 1}
 * run several times through DriverManager, each split by YARN's application report and the result's
 * commit time into: gateway (plan, upload of the runtime jars, submission), YARN start of the
 * JobManager container, JobManager start and job, teardown, and notice-and-fetch.
 */
public final class YarnLatencyBenchmark {

    private YarnLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path directory = Files.createTempDirectory("flinkgw-yarn-bench");
        Map<String, List<Long>> phases = new LinkedHashMap<>();
        try (YarnTestCluster yarn = YarnTestCluster.start(directory.resolve("yarn"))) {
            Configuration configuration = YarnApplicationTest.yarnGatewayConfiguration(yarn);
            try (TestGateway gateway = TestGateway.start(directory.resolve("gateway"), configuration);
                    Connection connection = gateway.connect();
                    Statement statement = connection.createStatement()) {
                ResultStore results = new ResultStore(directory.resolve("gateway/results").toUri().toString());
                for (int run = 0; run < runs; run++) {
                    long start = System.currentTimeMillis();
                    long firstRow;
                    long lastRow;
                    String queryId;
                    try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                        rows.next();
                        firstRow = System.currentTimeMillis();
                        while (rows.next()) {
                            rows.getInt(1);
                        }
                        lastRow = System.currentTimeMillis();
                        queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                    }
                    ApplicationReport report = yarn.awaitApplication(
                            queryId, app -> app.getYarnApplicationState() == YarnApplicationState.FINISHED, Duration.ofMinutes(1));
                    ResultManifest manifest = results.manifest(queryId).orElseThrow();
                    long committed = manifest.committedAt().toEpochMilli();
                    add(phases, "gateway: plan, upload, submit", report.getStartTime() - start);
                    add(phases, "YARN: JobManager container allocated and launched", report.getLaunchTime() - report.getStartTime());
                    add(phases, "JobManager start, TaskManager, job, commit", committed - report.getLaunchTime());
                    add(phases, "teardown (commit to YARN FINISHED)", report.getFinishTime() - committed);
                    add(phases, "gateway notices the end, first row", firstRow - report.getFinishTime());
                    add(phases, "first to last row", lastRow - firstRow);
                    add(phases, "total, execute to last row", lastRow - start);
                    System.out.printf("run %d: %d ms%n", run + 1, lastRow - start);
                }
            }
        }
        StringBuilder summary = new StringBuilder("SELECT 1 on YARN (MiniYARNCluster, 1 NodeManager), " + runs + " runs, ms\n");
        phases.forEach((phase, values) -> summary.append(String.format("%-55s median %6d   runs %s%n", phase, median(values), values)));
        System.out.print(summary);
        Files.writeString(Path.of("target", "yarn-benchmark-results.txt"), summary);
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
