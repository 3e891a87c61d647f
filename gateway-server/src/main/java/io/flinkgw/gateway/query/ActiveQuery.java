package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.DeployedJob;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A query this gateway runs or follows: its admission ticket and its {@link RunnerState}, moved by
 * compare-and-set together with the job once it is deployed.
 */
final class ActiveQuery {

    /** The state and, from RUNNING on, the job: one value so that both change at once. */
    private record Stage(RunnerState state, Optional<DeployedJob> job) {}

    private final QueryAdmission.Ticket ticket;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicReference<Stage> stage;

    private ActiveQuery(QueryAdmission.Ticket ticket, Stage initial) {
        this.ticket = requireNonNull(ticket, "ticket is null");
        this.stage = new AtomicReference<>(initial);
    }

    /** A submitted query, waiting for a runner. */
    static ActiveQuery queued(QueryAdmission.Ticket ticket) {
        return new ActiveQuery(ticket, new Stage(RunnerState.QUEUED, Optional.empty()));
    }

    /** A query whose job already runs (left by a previous gateway), to be followed. */
    static ActiveQuery running(QueryAdmission.Ticket ticket, DeployedJob job) {
        return new ActiveQuery(ticket, new Stage(RunnerState.RUNNING, Optional.of(requireNonNull(job, "job is null"))));
    }

    QueryAdmission.Ticket ticket() {
        return ticket;
    }

    /** Completes once the runner is done with the query. */
    CompletableFuture<Void> done() {
        return done;
    }

    RunnerState state() {
        return stage.get().state();
    }

    /** The deployed job, from RUNNING on. */
    Optional<DeployedJob> job() {
        return stage.get().job();
    }

    /** Moves from {@code from} to {@code to} if the query is still in {@code from}; returns whether it moved. */
    boolean moveTo(RunnerState from, RunnerState to) {
        Stage current = stage.get();
        return current.state() == from && move(current, new Stage(to, current.job()));
    }

    /**
     * Records the job a deployment returned: RUNNING, or RUNNING_CANCEL_REQUESTED when a cancel came
     * during the deployment (the caller then cancels the job).
     *
     * @return the state moved to
     */
    RunnerState deployed(DeployedJob job) {
        requireNonNull(job, "job is null");
        while (true) {
            Stage current = stage.get();
            RunnerState next = current.state() == RunnerState.DEPLOYING_CANCEL_REQUESTED
                    ? RunnerState.RUNNING_CANCEL_REQUESTED
                    : RunnerState.RUNNING;
            if (move(current, new Stage(next, Optional.of(job)))) {
                return next;
            }
        }
    }

    /** Moves to DONE from any state that is not terminal; a terminal query stays as it is. */
    void end() {
        while (true) {
            Stage current = stage.get();
            if (current.state().isTerminal() || move(current, new Stage(RunnerState.DONE, current.job()))) {
                return;
            }
        }
    }

    private boolean move(Stage current, Stage next) {
        if (!RunnerState.isValidTransition(current.state(), next.state())) {
            throw new IllegalStateException("A query runner cannot move from " + current.state() + " to " + next.state());
        }
        return stage.compareAndSet(current, next);
    }
}
