package io.flinkgw.gateway.query;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a per-job query, with its transition table. */
public enum QueryState {
    /** Recorded; being planned and deployed. */
    SUBMITTED,
    /** Its job runs on its own cluster. */
    RUNNING,
    /** The job succeeded and its result is committed. */
    FINISHED,
    /** Planning, deployment or the job failed; the record holds the root cause. */
    FAILED,
    /** Cancelled by the client or the gateway. */
    CANCELED;

    /** Whether the query can change no more. */
    public boolean isTerminal() {
        return nextStates().isEmpty();
    }

    /** Whether a query in this state may move to {@code next}. */
    public boolean canMoveTo(QueryState next) {
        return nextStates().contains(next);
    }

    private Set<QueryState> nextStates() {
        switch (this) {
            case SUBMITTED:
                return EnumSet.of(RUNNING, FAILED, CANCELED);
            case RUNNING:
                return EnumSet.of(FINISHED, FAILED, CANCELED);
            case FINISHED:
            case FAILED:
            case CANCELED:
                return EnumSet.noneOf(QueryState.class);
        }
        throw new AssertionError(this);
    }
}
