package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStateTest {

    @Test
    void transitionTableAllowsOnlyForwardMoves() {
        assertThat(QueryState.SUBMITTED.canMoveTo(QueryState.RUNNING)).isTrue();
        assertThat(QueryState.SUBMITTED.canMoveTo(QueryState.FINISHED)).isFalse();
        assertThat(QueryState.RUNNING.canMoveTo(QueryState.FINISHED)).isTrue();
        assertThat(QueryState.RUNNING.canMoveTo(QueryState.SUBMITTED)).isFalse();
        for (QueryState terminal : new QueryState[] {QueryState.FINISHED, QueryState.FAILED, QueryState.CANCELED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (QueryState next : QueryState.values()) {
                assertThat(terminal.canMoveTo(next)).isFalse();
            }
        }
    }

    @Test
    void queryIdsAreUnguessableAndWellFormed() {
        QueryIds ids = new QueryIds();
        String first = ids.next();
        assertThat(first).matches("[a-z2-7]{26}");
        assertThat(ids.next()).isNotEqualTo(first);
    }
}
