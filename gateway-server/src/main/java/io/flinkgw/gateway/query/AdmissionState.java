package io.flinkgw.gateway.query;

import java.util.EnumSet;
import java.util.Set;

/** Where a query stands in {@link QueryAdmission}, with its transition table. */
enum AdmissionState {
    /** In the queue, for a free running slot or for its user to have fewer queries running. */
    WAITING,
    /** Holds a running slot, counted against its user. */
    ADMITTED,
    /** Gone from the admission: finished, cancelled, or never started. */
    LEFT;

    /** Whether a ticket in this state may move to {@code next}. */
    boolean canMoveTo(AdmissionState next) {
        return nextStates().contains(next);
    }

    private Set<AdmissionState> nextStates() {
        switch (this) {
            case WAITING:
                return EnumSet.of(ADMITTED, LEFT);
            case ADMITTED:
                return EnumSet.of(LEFT);
            case LEFT:
                return EnumSet.noneOf(AdmissionState.class);
        }
        throw new AssertionError(this);
    }
}
