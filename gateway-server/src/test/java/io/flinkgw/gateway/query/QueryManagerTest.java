package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.deploy.TestingClusterDeployer;
import io.flinkgw.gateway.deploy.TestingClusterDeployer.ClusterLifetime;
import io.flinkgw.gateway.deploy.TestingDeployedJob;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.monitor.ResultMarkerStatusSource;
import io.flinkgw.gateway.result.FailureRecord;
import io.flinkgw.gateway.result.ResultFiles;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.gateway.session.CompiledQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryManagerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final RowType ROW_TYPE = RowType.of(new BigIntType());
    private static final CompiledQuery COMPILED = new CompiledQuery(ROW_TYPE, new byte[] {1}, Map.of(), ZoneOffset.UTC);

    @TempDir Path resultRoot;

    private final TestingJobStore jobStore = new TestingJobStore(Clock.systemUTC());
    private TestingClusterDeployer deployer = new TestingClusterDeployer(ClusterLifetime.DIES_WITH_GATEWAY);
    private ResultStore resultStore;
    private QueryManager manager;

    @AfterEach
    void closeManager() {
        deployer.releaseDeployments();
        if (manager != null) {
            manager.close();
        }
    }

    private QueryManager manager(int maxRunning, int maxQueued, int maxPerUser) {
        resultStore = new ResultStore(resultRoot.toUri().toString());
        manager = new QueryManager(
                jobStore, resultStore, deployer, new ResultMarkerStatusSource(resultStore), maxRunning, maxQueued, maxPerUser,
                Clock.systemUTC());
        return manager;
    }

    private String submit(String user) {
        String queryId = manager.newQueryId();
        manager.submit(queryId, user, "SELECT 1", COMPILED);
        return queryId;
    }

    private TestingDeployedJob jobOf(String queryId) throws Exception {
        return deployer.job(queryId).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private QueryRecord awaitTerminal(String queryId) throws InterruptedException {
        QueryRecord record = manager.await(queryId, DEADLINE);
        assertThat(record.state().isTerminal()).as("query %s is over: %s", queryId, record).isTrue();
        return record;
    }

    /** Commits a result as the job's sink does: the manifest, written last. */
    private void commitResult(String queryId, long rowCount) throws IOException {
        Path directory = Path.of(resultStore.directoryFor(queryId).toUri());
        Files.createDirectories(directory);
        Properties manifest = new Properties();
        manifest.setProperty("schema", ROW_TYPE.asSerializableString());
        manifest.setProperty("rowCount", Long.toString(rowCount));
        manifest.setProperty("attempt", ResultFiles.FIRST_ATTEMPT);
        manifest.setProperty("files", "");
        manifest.setProperty("committedAt", Instant.now().toString());
        try (OutputStream output = Files.newOutputStream(directory.resolve(ResultFiles.MANIFEST))) {
            manifest.store(output, "test manifest");
        }
    }

    @Test
    void aFinishedJobWithACommittedResultFinishesWithItsRowCount() throws Exception {
        manager(1, 1, 1);
        String queryId = submit("alice");
        commitResult(queryId, 3);
        jobOf(queryId).finish();
        QueryRecord record = awaitTerminal(queryId);
        assertThat(record.state()).isEqualTo(QueryState.FINISHED);
        assertThat(record.rowCount()).contains(3L);
        assertThat(record.flinkJobId()).contains("job-" + queryId);
        assertThat(record.clusterId()).contains("cluster-" + queryId);
    }

    @Test
    void aFinishedJobWithoutACommittedResultFails() throws Exception {
        manager(1, 1, 1);
        String queryId = submit("alice");
        jobOf(queryId).finish();
        QueryRecord record = awaitTerminal(queryId);
        assertThat(record.state()).isEqualTo(QueryState.FAILED);
        assertThat(record.error()).contains("The job finished but its result was never committed");
    }

    @Test
    void aFailedJobFailsWithItsMessageAndAFailureRecord() throws Exception {
        manager(1, 1, 1);
        String queryId = submit("alice");
        jobOf(queryId).fail("ArithmeticException: / by zero");
        QueryRecord record = awaitTerminal(queryId);
        assertThat(record.state()).isEqualTo(QueryState.FAILED);
        assertThat(record.error()).contains("ArithmeticException: / by zero");
        assertThat(resultStore.failure(queryId)).get().extracting(FailureRecord::message)
                .isEqualTo("ArithmeticException: / by zero");
    }

    @Test
    void aQueryBeyondTheRunningLimitWaitsAndRunsWhenTheFirstEnds() throws Exception {
        manager(1, 1, 1);
        String first = submit("alice");
        TestingDeployedJob firstJob = jobOf(first);
        String second = submit("bob");
        assertThat(manager.find(second)).get().extracting(QueryRecord::state).isEqualTo(QueryState.SUBMITTED);
        assertThat(deployer.deployments()).containsExactly(first);

        commitResult(first, 1);
        firstJob.finish();
        assertThat(awaitTerminal(first).state()).isEqualTo(QueryState.FINISHED);
        commitResult(second, 2);
        jobOf(second).finish();
        assertThat(awaitTerminal(second).rowCount()).contains(2L);
        assertThat(deployer.deployments()).containsExactly(first, second);
    }

    @Test
    void aUserAtTheirLimitWaitsWhileAnotherUserRuns() throws Exception {
        manager(2, 1, 1);
        String first = submit("alice");
        jobOf(first);
        String second = submit("alice");
        String third = submit("bob");
        jobOf(third);
        assertThat(deployer.deployments()).containsExactly(first, third);
        assertThat(manager.find(second)).get().extracting(QueryRecord::state).isEqualTo(QueryState.SUBMITTED);
    }

    @Test
    void aQueryCancelledWhileQueuedIsSettledAtOnceAndFreesItsPlace() throws Exception {
        manager(1, 1, 1);
        String running = submit("alice");
        jobOf(running);
        String queued = submit("bob");
        assertThatThrownBy(() -> submit("carol"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_MANY_QUERIES));

        assertThat(manager.cancel(queued)).isTrue();
        QueryRecord record = manager.find(queued).orElseThrow();
        assertThat(record.state()).isEqualTo(QueryState.CANCELED);
        assertThat(record.error()).contains("Canceled before it started");
        String next = submit("carol"); // the cancelled query's place in the queue is free again
        assertThat(manager.find(next)).get().extracting(QueryRecord::state).isEqualTo(QueryState.SUBMITTED);
        assertThat(deployer.deployments()).containsExactly(running);
    }

    @Test
    void aQueryCancelledDuringItsDeploymentHasItsJobCancelledOnceDeployed() throws Exception {
        manager(1, 1, 1);
        deployer.holdDeployments();
        String queryId = submit("alice");
        deployer.started(queryId).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(manager.cancel(queryId)).isTrue();
        assertThat(deployer.aborts()).containsExactly(queryId);
        deployer.releaseDeployments();
        QueryRecord record = awaitTerminal(queryId);
        assertThat(record.state()).isEqualTo(QueryState.CANCELED);
        assertThat(jobOf(queryId).cancels()).isPositive();
    }

    @Test
    void aRunningQueryCancelledHasItsJobCancelled() throws Exception {
        manager(1, 1, 1);
        String queryId = submit("alice");
        TestingDeployedJob job = jobOf(queryId);
        jobStore.reached(queryId, QueryState.RUNNING).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(manager.liveJob(queryId)).containsSame(job);

        assertThat(manager.cancel(queryId)).isTrue();
        assertThat(awaitTerminal(queryId).state()).isEqualTo(QueryState.CANCELED);
        assertThat(job.cancels()).isPositive();
        assertThat(deployer.aborts()).isEmpty();
        assertThat(manager.cancel(queryId)).isFalse();
    }

    @Test
    void stoppingTheGatewayLeavesClustersThatOutliveItRunning() throws Exception {
        deployer = new TestingClusterDeployer(ClusterLifetime.OUTLIVES_GATEWAY);
        manager(1, 1, 1);
        String queryId = submit("alice");
        TestingDeployedJob job = jobOf(queryId);
        manager.beginShutdown();
        assertThat(manager.cancel(queryId)).isFalse();
        manager.close();
        manager = null;
        assertThat(job.cancels()).isZero();
        assertThat(jobStore.find(queryId)).get().extracting(QueryRecord::state).isEqualTo(QueryState.RUNNING);
    }

    @Test
    void aRunningQueryLeftByAPreviousGatewayIsFollowedToItsEnd() throws Exception {
        String queryId = leftRunning();
        TestingDeployedJob job = new TestingDeployedJob("job-" + queryId, "cluster-" + queryId);
        deployer.leaveRunning(queryId, job);
        manager(1, 1, 1);
        manager.reconcile();
        assertThat(manager.liveJob(queryId)).containsSame(job);

        commitResult(queryId, 5);
        job.finish();
        QueryRecord record = awaitTerminal(queryId);
        assertThat(record.state()).isEqualTo(QueryState.FINISHED);
        assertThat(record.rowCount()).contains(5L);
    }

    @Test
    void aQueryLeftWithoutItsClusterIsSettledFromItsFailureRecord() throws Exception {
        String queryId = leftRunning();
        manager(1, 1, 1);
        resultStore.writeFailure(queryId, new FailureRecord("Lost its TaskManager", "", Instant.now()));
        manager.reconcile();
        QueryRecord record = manager.find(queryId).orElseThrow();
        assertThat(record.state()).isEqualTo(QueryState.FAILED);
        assertThat(record.error()).contains("Lost its TaskManager");
    }

    @Test
    void aQueryLeftWithoutItsClusterIsSettledFromItsCommitMarkerWhenAskedFor() throws Exception {
        String queryId = leftRunning();
        manager(1, 1, 1);
        commitResult(queryId, 7);
        QueryRecord record = manager.await(queryId, Duration.ZERO);
        assertThat(record.state()).isEqualTo(QueryState.FINISHED);
        assertThat(record.rowCount()).contains(7L);
    }

    @Test
    void aQueryLeftWhileItsJobWasSubmittedIsSettledFromItsCommitMarker() throws Exception {
        // the gateway died after its job was submitted and before the record said RUNNING; the job committed
        String queryId = leftSubmitted();
        manager(1, 1, 1);
        commitResult(queryId, 3);
        manager.reconcile();
        QueryRecord record = manager.find(queryId).orElseThrow();
        assertThat(record.state()).isEqualTo(QueryState.FINISHED);
        assertThat(record.rowCount()).contains(3L);
    }

    /** A query a previous gateway recorded, and was deploying when it stopped. */
    private String leftSubmitted() {
        String queryId = new QueryIds().next();
        jobStore.insert(QueryRecord.submitted(queryId, "alice", "SELECT 1", "results/" + queryId,
                ROW_TYPE.asSerializableString(), Instant.now()));
        return queryId;
    }

    /** A query a previous gateway recorded as RUNNING before it stopped. */
    private String leftRunning() {
        String queryId = leftSubmitted();
        jobStore.transition(queryId, QueryState.SUBMITTED, QueryState.RUNNING,
                QueryUpdate.deployed("job-" + queryId, "cluster-" + queryId, ROW_TYPE.asSerializableString()));
        return queryId;
    }
}
