package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.result.ResultManifest;
import io.flinkgw.gateway.result.ResultStore;
import io.flinkgw.jdbc.FlinkgwStatement;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway on the embedded default (H2 job store, a MiniCluster per query in a process of its own)
 * killed with SIGKILL while ten queries of different sizes are in flight on ten connections: some read
 * to the end, some running, some queued. A gateway restarted on the same stores serves every finished
 * result whole (exact rows, no duplicates, as many as its manifest says), settles every other query as
 * finished (the running ones finish on their processes) or as failed because the gateway stopped (the
 * queued ones), keeps no result directory without a record, and the test leaves no process behind.
 */
class CrashRecoveryTest {

    private static final Duration SETTLE_DEADLINE = Duration.ofMinutes(2);
    private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\":\"([^\"]*)\"");

    /** Smallest first: queries are submitted in this order, so the small ones are the first admitted. */
    private static final List<Workload> WORKLOADS = List.of(
            Workload.sequence(10),
            // its client reads one row, then waits for the kill: finished on the gateway, not on the client
            Workload.sequence(100_000),
            Workload.buckets(10_000, 100),
            Workload.sortedSequence(50_000),
            Workload.sequence(200_000),
            Workload.buckets(500_000, 1_000),
            Workload.sequence(1_000_000),
            Workload.buckets(2_000_000, 10_000),
            Workload.sortedSequence(1_000_000),
            // at 2,000 rows a second it still runs (or waits for a slot) whenever the gateway is killed
            Workload.throttledSequence(100_000, 2_000));

    /** The query whose client stops reading after its first row until the gateway is killed. */
    private static final int STALLED = 1;

    /** How many queries must have been read to the end when the gateway is killed. */
    private static final int FINISHED_BEFORE_KILL = 4;

    @TempDir Path directory;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void killNineWhileTenQueriesRunLosesNoFinishedResultAndLeavesNoneRunning() throws Exception {
        Map<String, String> settings = settings();
        List<Client> clients = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(settings, directory.resolve("killed.log"))) {
            ExecutorService threads = Executors.newFixedThreadPool(WORKLOADS.size());
            try {
                CountDownLatch finished = new CountDownLatch(FINISHED_BEFORE_KILL);
                CountDownLatch killed = new CountDownLatch(1);
                for (int index = 0; index < WORKLOADS.size(); index++) {
                    Reading reading = index == STALLED ? Reading.STALLS_UNTIL_THE_KILL : Reading.TO_THE_END;
                    Client client = new Client(index, WORKLOADS.get(index), reading, gateway.url(), finished, killed);
                    clients.add(client);
                    threads.execute(client);
                    // the next query is submitted once this one has its id: a known admission order
                    client.queryId.get(2, TimeUnit.MINUTES);
                }
                assertThat(finished.await(2, TimeUnit.MINUTES)).as("%d queries read to the end", FINISHED_BEFORE_KILL).isTrue();
                awaitState(gateway, clients.get(STALLED).queryId.join(), "FINISHED");
                gateway.kill();
                killed.countDown();
                for (Client client : clients) {
                    client.awaitOutcome();
                }
            } finally {
                threads.shutdownNow();
            }
        }
        assertThat(clients).filteredOn(Client::readToTheEnd).hasSizeGreaterThanOrEqualTo(FINISHED_BEFORE_KILL);
        assertThat(clients.get(STALLED).readToTheEnd()).isFalse();

        settings.put("result-store.orphan-grace-period", "1 s");
        try (GatewayProcess restarted = GatewayProcess.start(settings, directory.resolve("restarted.log"))) {
            ResultStore results = new ResultStore(directory.resolve("results").toString());
            int failed = 0;
            for (Client client : clients) {
                String queryId = client.queryId.join();
                String status = awaitTerminal(restarted, queryId);
                String state = field(STATE, status).orElseThrow();
                if (client.readToTheEnd() || client.index == STALLED) {
                    assertThat(state).as("state of %s, finished before the kill", client).isEqualTo("FINISHED");
                }
                if (state.equals("FINISHED")) {
                    assertThat(results.manifest(queryId)).map(ResultManifest::rowCount).contains(client.workload.rows());
                    assertThat(scan(restarted, client)).as("rows of %s after the restart", client).isEqualTo(client.workload.rows());
                } else {
                    assertThat(state).as("state of %s, running at the kill: %s", client, status).isEqualTo("FAILED");
                    assertThat(field(ERROR, status)).get().asString().contains("gateway stopped");
                    assertThatThrownBy(() -> scan(restarted, client))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("gateway stopped");
                    failed++;
                }
            }
            assertThat(failed).as("queries still running at the kill").isPositive();
            awaitEveryResultDirectoryHasARecord(restarted, results);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
        ClusterProcesses.assertNoneLeft(directory);
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.port", "0");
        settings.put("gateway.bind-address", "127.0.0.1");
        settings.put("result-store.root", directory.resolve("results").toString());
        settings.put("job-store.url", "jdbc:h2:file:" + directory.resolve("jobstore/flinkgw"));
        settings.put("fetch.long-poll-timeout", "200 ms");
        return settings;
    }

    /** Polls the status endpoint until the query is over; the restarted gateway must settle it. */
    private String awaitTerminal(GatewayProcess gateway, String queryId) throws Exception {
        return awaitState(gateway, queryId, "FINISHED", "FAILED", "CANCELED");
    }

    /** Polls the status endpoint until the query is in one of {@code states}; returns its status. */
    private String awaitState(GatewayProcess gateway, String queryId, String... states) throws Exception {
        List<String> wanted = List.of(states);
        long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        String status = status(gateway, queryId);
        while (!field(STATE, status).filter(wanted::contains).isPresent() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // a polling interval, not a synchronization
            status = status(gateway, queryId);
        }
        assertThat(field(STATE, status)).as("state of query %s within %s: %s", queryId, SETTLE_DEADLINE, status)
                .get().isIn(wanted);
        return status;
    }

    /** Housekeeping removes a result directory no record names; every one left must have a record. */
    private void awaitEveryResultDirectoryHasARecord(GatewayProcess gateway, ResultStore results) throws Exception {
        long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        List<String> withoutRecord = directoriesWithoutRecord(gateway, results);
        while (!withoutRecord.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            withoutRecord = directoriesWithoutRecord(gateway, results);
        }
        assertThat(withoutRecord).as("result directories without a job-store record").isEmpty();
    }

    private List<String> directoriesWithoutRecord(GatewayProcess gateway, ResultStore results) throws Exception {
        List<String> withoutRecord = new ArrayList<>();
        for (var result : results.list()) {
            if (status(gateway, result.queryId()).isEmpty()) {
                withoutRecord.add(result.queryId());
            }
        }
        return withoutRecord;
    }

    /** The status JSON of a query, or empty when the gateway has no record of it. */
    private String status(GatewayProcess gateway, String queryId) throws Exception {
        HttpResponse<String> response = gateway.get("/flinkgw/v1/query?id=" + queryId);
        if (response.statusCode() == 404) {
            return "";
        }
        assertThat(response.statusCode()).as("status of %s: %s", queryId, response.body()).isEqualTo(200);
        return response.body();
    }

    private static Optional<String> field(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Reads the persisted result of the client's query by id and checks it row by row. */
    private static long scan(GatewayProcess gateway, Client client) throws SQLException {
        try (Connection connection = connect(gateway.url(), client.user());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + client.queryId.join() + "')")) {
            return client.workload.check(rows);
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(url, properties);
    }

    /** How a client reads its result. */
    private enum Reading { TO_THE_END, STALLS_UNTIL_THE_KILL }

    /** One connection running one workload to its end, or until the gateway dies under it. */
    private static final class Client implements Runnable {
        final int index;
        final Workload workload;
        final Reading reading;
        final String url;
        final CountDownLatch finished;
        final CountDownLatch killed;
        final CompletableFuture<String> queryId = new CompletableFuture<>();
        /** Completes with the rows read when read to the end, or with the error that stopped the read. */
        final CompletableFuture<Long> outcome = new CompletableFuture<>();

        Client(int index, Workload workload, Reading reading, String url, CountDownLatch finished, CountDownLatch killed) {
            this.index = index;
            this.workload = workload;
            this.reading = reading;
            this.url = url;
            this.finished = finished;
            this.killed = killed;
        }

        String user() {
            return "user" + index;
        }

        /** Waits until the client has seen the end or the failure; a wrong row fails the test. */
        void awaitOutcome() throws Exception {
            try {
                outcome.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError wrongRow) {
                    throw wrongRow;
                }
            }
        }

        boolean readToTheEnd() {
            return outcome.isDone() && !outcome.isCompletedExceptionally();
        }

        @Override
        public void run() {
            try (Connection connection = connect(url, user()); Statement statement = connection.createStatement()) {
                statement.execute(workload.createTable());
                try (ResultSet rows = statement.executeQuery(workload.query())) {
                    queryId.complete(statement.unwrap(FlinkgwStatement.class).getQueryId());
                    if (reading == Reading.STALLS_UNTIL_THE_KILL) {
                        assertThat(rows.next()).isTrue();
                        assertThat(killed.await(3, TimeUnit.MINUTES)).isTrue();
                    }
                    long read = workload.check(rows);
                    outcome.complete(read);
                    finished.countDown();
                }
            } catch (Throwable e) {
                // the gateway was killed under this client (closing the connection fails then too)
                if (!outcome.isDone()) {
                    outcome.completeExceptionally(e);
                }
                queryId.completeExceptionally(e);
            }
        }

        @Override
        public String toString() {
            return "query " + index + " (" + workload + ", " + queryId.getNow("no id") + ")";
        }
    }

    /** A datagen sequence 1..ids and a query over it whose every row the test predicts. */
    private record Workload(Shape shape, long ids, long modulus, long rowsPerSecond) {

        private static final long UNTHROTTLED = 1_000_000_000L;

        private enum Shape { SEQUENCE, SORTED_SEQUENCE, BUCKETS }

        static Workload sequence(long ids) {
            return new Workload(Shape.SEQUENCE, ids, 0, UNTHROTTLED);
        }

        static Workload throttledSequence(long ids, long rowsPerSecond) {
            return new Workload(Shape.SEQUENCE, ids, 0, rowsPerSecond);
        }

        static Workload sortedSequence(long ids) {
            return new Workload(Shape.SORTED_SEQUENCE, ids, 0, UNTHROTTLED);
        }

        /** One row per {@code id % modulus}: its count and sum, ordered by bucket. */
        static Workload buckets(long ids, long modulus) {
            return new Workload(Shape.BUCKETS, ids, modulus, UNTHROTTLED);
        }

        String createTable() {
            return "CREATE TEMPORARY TABLE seq (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='" + ids
                    + "', 'rows-per-second'='" + rowsPerSecond + "', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                    + " 'fields.id.end'='" + ids + "')";
        }

        String query() {
            switch (shape) {
                case SEQUENCE:
                    return "SELECT id FROM seq";
                case SORTED_SEQUENCE:
                    return "SELECT id FROM seq ORDER BY id";
                case BUCKETS:
                    return "SELECT id % " + modulus + " AS bucket, COUNT(*) AS ids, SUM(id) AS total FROM seq"
                            + " GROUP BY id % " + modulus + " ORDER BY bucket";
            }
            throw new AssertionError(shape);
        }

        long rows() {
            return shape == Shape.BUCKETS ? Math.min(ids, modulus) : ids;
        }

        /** Reads all rows, failing at the first one that is not predicted or repeats; returns how many. */
        long check(ResultSet result) throws SQLException {
            BitSet seen = new BitSet();
            long read = 0;
            while (result.next()) {
                long key = result.getLong(1);
                int index = Math.toIntExact(key);
                switch (shape) {
                    case SEQUENCE:
                        assertThat(key).as("id").isBetween(1L, ids);
                        break;
                    case SORTED_SEQUENCE:
                        assertThat(key).as("id in order").isEqualTo(read + 1);
                        break;
                    case BUCKETS:
                        assertThat(key).as("bucket in order").isEqualTo(read);
                        assertThat(result.getLong(2)).as("ids of bucket %d", key).isEqualTo(countOfBucket(key));
                        assertThat(result.getLong(3)).as("sum of bucket %d", key).isEqualTo(sumOfBucket(key));
                        break;
                }
                assertThat(seen.get(index)).as("row %d repeated", key).isFalse();
                seen.set(index);
                read++;
            }
            assertThat(read).as("rows of %s", this).isEqualTo(rows());
            return read;
        }

        /** How many of 1..ids leave {@code bucket} divided by the modulus. */
        private long countOfBucket(long bucket) {
            long first = bucket == 0 ? modulus : bucket;
            return first > ids ? 0 : (ids - first) / modulus + 1;
        }

        private long sumOfBucket(long bucket) {
            long first = bucket == 0 ? modulus : bucket;
            long count = countOfBucket(bucket);
            return count * first + modulus * count * (count - 1) / 2;
        }
    }
}
