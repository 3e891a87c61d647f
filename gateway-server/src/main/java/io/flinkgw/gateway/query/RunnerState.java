package io.flinkgw.gateway.query;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where this gateway's runner of a query stands, with its transition table. It lives in memory
 * only; the persisted lifecycle is {@link QueryState}.
 */
enum RunnerState {
    /** Admitted or waiting in the queue; no runner has taken it. */
    QUEUED,
    /** A runner deploys its cluster. */
    DEPLOYING,
    /** Cancelled while its cluster was being deployed: the job is cancelled once the deployment returns it. */
    DEPLOYING_CANCEL_REQUESTED,
    /** Its job runs and is followed to its end. */
    RUNNING,
    /** Cancelled while running: its job is being cancelled. */
    RUNNING_CANCEL_REQUESTED,
    /** Cancelled before a runner took it; settled at once. */
    CANCELED,
    /** The runner is done with it (its record is settled, or left to the next gateway). */
    DONE;

    /** Whether a runner in this state may move to {@code next}. */
    static boolean isValidTransition(RunnerState from, RunnerState next) {
        return from.nextStates().contains(next);
    }

    /** Whether the runner can change no more. */
    boolean isTerminal() {
        return nextStates().isEmpty();
    }

    /** Whether a cancel was asked for. */
    boolean isCancelRequested() {
        return this == DEPLOYING_CANCEL_REQUESTED || this == RUNNING_CANCEL_REQUESTED || this == CANCELED;
    }

    private Set<RunnerState> nextStates() {
        switch (this) {
            case QUEUED:
                return EnumSet.of(DEPLOYING, CANCELED);
            case DEPLOYING:
                return EnumSet.of(RUNNING, DEPLOYING_CANCEL_REQUESTED, DONE);
            case DEPLOYING_CANCEL_REQUESTED:
                return EnumSet.of(RUNNING_CANCEL_REQUESTED, DONE);
            case RUNNING:
                return EnumSet.of(RUNNING_CANCEL_REQUESTED, DONE);
            case RUNNING_CANCEL_REQUESTED:
                return EnumSet.of(DONE);
            case CANCELED:
            case DONE:
                return EnumSet.noneOf(RunnerState.class);
        }
        throw new AssertionError(this);
    }
}
