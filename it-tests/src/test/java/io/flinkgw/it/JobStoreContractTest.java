package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.gateway.query.JdbcJobStore;
import io.flinkgw.gateway.query.JobStoreException;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.query.QueryState;
import io.flinkgw.gateway.query.QueryUpdate;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job store behaves the same on embedded H2 (the default) and on a real PostgreSQL server: every
 * test runs on both, each on an empty database of its own.
 */
class JobStoreContractTest {

    /** Where a test's job store lives. */
    enum Database {
        H2,
        POSTGRESQL
    }

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static PostgresServer postgres;

    @TempDir Path directory;

    private final TestClock clock = new TestClock(T0);

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A JDBC URL, user and password of an empty database. */
    private record Location(String url, String user, String password) {

        JdbcJobStore open(Clock clock) {
            return JdbcJobStore.create(url, user, password, clock);
        }
    }

    private Location emptyDatabase(Database database) {
        switch (database) {
            case H2:
                return new Location("jdbc:h2:file:" + directory.resolve("store"), "sa", "");
            case POSTGRESQL:
                String url = postgres.createDatabase("job_store_" + DATABASES.incrementAndGet());
                return new Location(url, postgres.user(), postgres.password());
        }
        throw new AssertionError(database);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void insertedRecordReadsBackFieldForField(Database database) {
        // long, non-ASCII text and microsecond timestamps come back exactly
        String sql = "SELECT 'grüße 😀', " + "x".repeat(200_000);
        QueryRecord submitted = QueryRecord.submitted("q1", "alice", sql, "file:/r/q1", "ROW<`x` INT>", T0);
        QueryRecord bare = new QueryRecord("q2", "bob", "SELECT 2", QueryState.SUBMITTED, Optional.empty(), Optional.empty(),
                "file:/r/q2", Optional.empty(), Optional.empty(), Optional.empty(), T0, T0.plusMillis(1));
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            store.insert(submitted);
            store.insert(bare);

            assertThat(store.find("q1")).contains(submitted);
            assertThat(store.find("q2")).contains(bare);
            assertThat(store.find("unknown")).isEmpty();
            assertThatThrownBy(() -> store.insert(submitted))
                    .as("a query id is recorded once")
                    .isInstanceOf(JobStoreException.class)
                    .hasMessageContaining("Could not record query q1");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void nulCharactersAreStoredAsReplacementCharacters(Database database) {
        // PostgreSQL's text types cannot hold U+0000, yet a statement or a job's error message may carry one
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            store.insert(QueryRecord.submitted("q1", "alice", "SELECT 'a\u0000b'", "file:/r/q1", "ROW<`x` STRING>", T0));
            assertThat(store.transition("q1", QueryState.SUBMITTED, QueryState.FAILED,
                    QueryUpdate.failed("Cannot parse 'a\u0000b' as INT"))).isTrue();

            QueryRecord failed = store.find("q1").orElseThrow();
            assertThat(failed.sql()).isEqualTo("SELECT 'a\ufffdb'");
            assertThat(failed.error()).contains("Cannot parse 'a\ufffdb' as INT");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void transitionIsACompareAndSetThatKeepsFieldsItDoesNotSetAndSurvivesReopening(Database database) {
        Location location = emptyDatabase(database);
        try (JdbcJobStore store = location.open(clock)) {
            store.insert(QueryRecord.submitted("q1", "alice", "SELECT 1", "file:/r/q1", "ROW<`x` INT>", T0));
            clock.advance(Duration.ofSeconds(1));
            assertThat(store.transition("q1", QueryState.SUBMITTED, QueryState.RUNNING,
                    QueryUpdate.deployed("job", "cluster", "ROW<`y` INT>"))).isTrue();
            // a second mover that still believes the query is SUBMITTED loses, and changes nothing
            assertThat(store.transition("q1", QueryState.SUBMITTED, QueryState.FAILED, QueryUpdate.failed("late"))).isFalse();
            assertThat(store.transition("unknown", QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.none())).isFalse();
        }
        try (JdbcJobStore store = location.open(clock)) {
            QueryRecord running = store.find("q1").orElseThrow();
            assertThat(running.state()).isEqualTo(QueryState.RUNNING);
            assertThat(running.flinkJobId()).contains("job");
            assertThat(running.clusterId()).contains("cluster");
            assertThat(running.resultSchema()).contains("ROW<`y` INT>");
            assertThat(running.error()).isEmpty();
            assertThat(running.createdAt()).isEqualTo(T0);
            assertThat(running.updatedAt()).isEqualTo(T0.plusSeconds(1));

            clock.advance(Duration.ofSeconds(1));
            assertThat(store.transition("q1", QueryState.RUNNING, QueryState.FINISHED, QueryUpdate.finished(42))).isTrue();
            QueryRecord finished = store.find("q1").orElseThrow();
            assertThat(finished.rowCount()).contains(42L);
            assertThat(finished.flinkJobId()).contains("job");
            assertThat(finished.resultSchema()).contains("ROW<`y` INT>");
            assertThat(finished.updatedAt()).isEqualTo(T0.plusSeconds(2));
            assertThatThrownBy(() -> store.transition("q1", QueryState.FINISHED, QueryState.RUNNING, QueryUpdate.none()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void ofConcurrentMoversExactlyOneWins(Database database) throws Exception {
        int movers = 8;
        List<QueryState> targets = List.of(QueryState.RUNNING, QueryState.FAILED, QueryState.CANCELED);
        ExecutorService threads = Executors.newFixedThreadPool(movers);
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            for (int round = 0; round < 5; round++) {
                String queryId = "q" + round;
                store.insert(QueryRecord.submitted(queryId, "alice", "SELECT 1", "file:/r/" + queryId, "ROW<`x` INT>", T0));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> moves = new ArrayList<>();
                for (int mover = 0; mover < movers; mover++) {
                    QueryState target = targets.get(mover % targets.size());
                    moves.add(threads.submit(() -> {
                        go.await();
                        return store.transition(queryId, QueryState.SUBMITTED, target, QueryUpdate.failed("mover"));
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> move : moves) {
                    won += move.get(1, TimeUnit.MINUTES) ? 1 : 0;
                }
                assertThat(won).as("round %d", round).isEqualTo(1);
                assertThat(store.find(queryId).orElseThrow().state()).isIn(targets);
            }
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void findByStatesListsMatchingRecordsInCreationOrder(Database database) {
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            // inserted out of creation order
            store.insert(QueryRecord.submitted("late", "alice", "SELECT 1", "file:/r/late", "ROW<`x` INT>", T0.plusSeconds(20)));
            store.insert(QueryRecord.submitted("early", "alice", "SELECT 1", "file:/r/early", "ROW<`x` INT>", T0));
            store.insert(QueryRecord.submitted("middle", "alice", "SELECT 1", "file:/r/middle", "ROW<`x` INT>", T0.plusSeconds(10)));
            store.insert(QueryRecord.submitted("done", "alice", "SELECT 1", "file:/r/done", "ROW<`x` INT>", T0.plusSeconds(5)));
            assertThat(store.transition("middle", QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.none())).isTrue();
            assertThat(store.transition("done", QueryState.SUBMITTED, QueryState.CANCELED, QueryUpdate.none())).isTrue();

            assertThat(ids(store.findByStates(EnumSet.of(QueryState.SUBMITTED, QueryState.RUNNING))))
                    .containsExactly("early", "middle", "late");
            assertThat(ids(store.findByStates(EnumSet.of(QueryState.RUNNING)))).containsExactly("middle");
            assertThat(ids(store.findByStates(EnumSet.of(QueryState.FINISHED)))).isEmpty();
            assertThat(store.findByStates(EnumSet.noneOf(QueryState.class))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void findTerminalBeforeListsOnlyTerminalRecordsLastChangedStrictlyEarlier(Database database) {
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            for (String id : List.of("finished", "failed", "canceled", "running", "submitted")) {
                store.insert(QueryRecord.submitted(id, "alice", "SELECT 1", "file:/r/" + id, "ROW<`x` INT>", T0));
            }
            store.transition("running", QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.none());
            clock.advance(Duration.ofMinutes(3));
            store.transition("failed", QueryState.SUBMITTED, QueryState.FAILED, QueryUpdate.failed("boom"));
            clock.advance(Duration.ofMinutes(1));
            store.transition("finished", QueryState.SUBMITTED, QueryState.RUNNING, QueryUpdate.none());
            store.transition("finished", QueryState.RUNNING, QueryState.FINISHED, QueryUpdate.finished(1));
            clock.advance(Duration.ofMinutes(1));
            store.transition("canceled", QueryState.SUBMITTED, QueryState.CANCELED, QueryUpdate.none());

            assertThat(ids(store.findTerminalBefore(T0.plus(Duration.ofMinutes(3))))).isEmpty();
            assertThat(ids(store.findTerminalBefore(T0.plus(Duration.ofMinutes(4))))).containsExactly("failed");
            assertThat(ids(store.findTerminalBefore(T0.plus(Duration.ofMinutes(5)).plusNanos(1000))))
                    .containsExactly("failed", "finished", "canceled");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void deleteRemovesOnlyThatRecord(Database database) {
        try (JdbcJobStore store = emptyDatabase(database).open(clock)) {
            store.insert(QueryRecord.submitted("gone", "alice", "SELECT 1", "file:/r/gone", "ROW<`x` INT>", T0));
            store.insert(QueryRecord.submitted("kept", "alice", "SELECT 1", "file:/r/kept", "ROW<`x` INT>", T0));
            store.delete("gone");
            store.delete("never-there");
            assertThat(store.find("gone")).isEmpty();
            assertThat(store.find("kept")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void schemaIsMigratedOnceAndReopeningAppliesNothing(Database database) throws Exception {
        Location location = emptyDatabase(database);
        try (JdbcJobStore store = location.open(clock)) {
            store.insert(QueryRecord.submitted("q1", "alice", "SELECT 1", "file:/r/q1", "ROW<`x` INT>", T0));
        }
        try (JdbcJobStore store = location.open(clock)) {
            assertThat(store.find("q1")).isPresent();
        }
        try (Connection connection = DriverManager.getConnection(location.url(), location.user(), location.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\", \"success\" FROM \"flinkgw_schema_history\" WHERE \"version\" IS NOT NULL"
                                + " ORDER BY \"installed_rank\"")) {
            List<String> applied = new ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1) + ":" + rows.getBoolean(2));
            }
            assertThat(applied).first().isEqualTo("1:true");
            assertThat(applied).allMatch(migration -> migration.endsWith(":true")).doesNotHaveDuplicates();
        }
    }

    private static List<String> ids(List<QueryRecord> records) {
        return records.stream().map(QueryRecord::queryId).toList();
    }

    /** A clock the test moves by hand, so that timestamps are exact and comparisons decidable. */
    private static final class TestClock extends Clock {

        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the job store reads instants only");
        }
    }
}
