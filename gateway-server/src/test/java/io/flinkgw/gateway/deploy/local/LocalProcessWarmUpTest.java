package io.flinkgw.gateway.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.catalog.SessionCatalogs;
import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.QueryDeployment;
import io.flinkgw.gateway.deploy.ShuffleModes;
import io.flinkgw.gateway.query.JdbcJobStore;
import io.flinkgw.gateway.security.SqlSandbox;
import io.flinkgw.gateway.session.FlinkSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.graph.StreamGraphGenerator;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster process started once the gateway gave it the compiled warm-up query runs that query, to
 * its end, before it takes its own job.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalProcessWarmUpTest {

    private static final Pattern JOB_STATE = Pattern.compile("\"state\":\"([A-Z]+)\"");

    @TempDir Path directory;

    @Test
    void aProcessRunsTheCompiledWarmUpQueryBeforeItsJob() throws Exception {
        byte[] warmUp;
        byte[] endless;
        // datagen is not among the sandbox's connectors: the warm-up is the gateway's own job
        SqlSandbox sandbox = new SqlSandbox(true, Set.of("filesystem"), Set.of(), List.of(directory.toString()), List.of(), false, 8);
        Map<String, String> defaults = new HashMap<>();
        ShuffleModes.addSessionDefaults(defaults, 2);
        try (JdbcJobStore store = JdbcJobStore.create("jdbc:h2:file:" + directory.resolve("jobstore"), "sa", "", Clock.systemUTC());
                FlinkSession session = FlinkSession.open("warm-up-test", "tester", defaults, sandbox, new SessionCatalogs(
                        store.dataSource(), Map.of(), "default_catalog", Set.of(), true, Optional.empty()))) {
            warmUp = session.compileDiscarding(WarmUpJob::query);
            endless = session.compileDiscarding(environment -> environment.from(TableDescriptor.forConnector("datagen")
                    .schema(Schema.newBuilder().column("id", DataTypes.BIGINT()).build())
                    .option("number-of-rows", "100000000").option("rows-per-second", "10").build()));
        }

        LocalProcessDeployer.Settings settings =
                new LocalProcessDeployer.Settings(2, 0, MemorySize.parse("256m"), List.of(), directory.resolve("clusters"));
        try (LocalProcessDeployer deployer = new LocalProcessDeployer(settings)) {
            deployer.warmUpWith(warmUp);
            DeployedJob job = deployer.deploy(new QueryDeployment("warm-up-test", endless, Map.of()));
            try {
                int port = ClusterAddress.parse(job.clusterId()).orElseThrow().restPort();
                String overview = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/overview")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                List<String> states = JOB_STATE.matcher(overview).results().map(match -> match.group(1)).sorted().toList();
                // the compiled warm-up, finished (had it failed, the plain warm-up would have run as well), and the job
                assertThat(states).as(overview).hasSize(2).first().isEqualTo("FINISHED");
                assertThat(overview).as("the plain warm-up ran").doesNotContain(StreamGraphGenerator.DEFAULT_BATCH_JOB_NAME);
                assertThat(states.get(1)).isIn("CREATED", "INITIALIZING", "RUNNING");
            } finally {
                job.cancel();
            }
            assertThat(job.completion()).failsWithin(60, TimeUnit.SECONDS);
        }
    }
}
