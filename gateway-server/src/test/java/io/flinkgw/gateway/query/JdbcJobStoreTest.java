package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcJobStoreTest {

    @TempDir Path directory;

    private JdbcJobStore open() {
        return JdbcJobStore.create("jdbc:h2:file:" + directory.resolve("store"), "sa", "", Clock.systemUTC());
    }

    @Test
    void recordsSurviveReopeningAndMoveByCompareAndSet() {
        try (JdbcJobStore store = open()) {
            store.insert(QueryRecord.submitted("q1", "alice", "SELECT 1", "file:/r/q1", "ROW<`x` INT>", Instant.now()));
            assertThat(store.transition("q1", QueryState.SUBMITTED, QueryState.RUNNING,
                    QueryUpdate.deployed("job", "cluster", "ROW<`x` INT>"))).isTrue();
            // a second mover that still believes the query is SUBMITTED loses
            assertThat(store.transition("q1", QueryState.SUBMITTED, QueryState.FAILED, QueryUpdate.failed("late"))).isFalse();
        }
        try (JdbcJobStore store = open()) {
            QueryRecord record = store.find("q1").orElseThrow();
            assertThat(record.state()).isEqualTo(QueryState.RUNNING);
            assertThat(record.flinkJobId()).contains("job");
            assertThat(record.error()).isEmpty();
            assertThat(store.findByStates(EnumSet.of(QueryState.RUNNING))).hasSize(1);
            assertThat(store.transition("q1", QueryState.RUNNING, QueryState.FINISHED, QueryUpdate.finished(42))).isTrue();
            assertThat(store.find("q1").orElseThrow().rowCount()).contains(42L);
            assertThat(store.findByStates(EnumSet.of(QueryState.RUNNING))).isEmpty();
        }
    }

    @Test
    void illegalTransitionsAreRefused() {
        try (JdbcJobStore store = open()) {
            assertThatThrownBy(() -> store.transition("q", QueryState.FINISHED, QueryState.RUNNING, QueryUpdate.none()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
