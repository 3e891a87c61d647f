package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when a per-job query may start: at most {@code maxRunning} run at once and at most
 * {@code maxRunningPerUser} of one user; the others wait in one first-come-first-served queue of at
 * most {@code maxQueued}, and only a full queue refuses a query.
 *
 * <p>A slot that frees goes to the oldest waiting query that may run: a user at their own limit
 * keeps their place in line but does not hold up the other users' queries behind them (ten tiles
 * of one dashboard wait for each other, not the next user's query). A query's start action runs
 * once it has a slot and is {@linkplain #ready ready}, outside the admission's lock; it must only
 * hand the query to a runner.
 */
final class QueryAdmission {

    private final int maxRunning;
    private final int maxQueued;
    private final int maxRunningPerUser;
    private final Set<Ticket> waiting = new LinkedHashSet<>();
    private final Map<String, Integer> runningByUser = new HashMap<>();
    private int running;

    QueryAdmission(int maxRunning, int maxQueued, int maxRunningPerUser) {
        if (maxRunning < 1 || maxRunningPerUser < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("deployment.max-running-queries and limits.max-queries-per-user must be"
                    + " at least 1 and limits.max-queued-queries at least 0");
        }
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
        this.maxRunningPerUser = maxRunningPerUser;
    }

    /**
     * A place for a new query of {@code user}: a running slot when one is free to them, else the end
     * of the queue.
     *
     * @throws GatewayException {@link ErrorCode#TOO_MANY_QUERIES} when the query would wait and the queue is full
     */
    synchronized Ticket enter(String user) {
        Ticket ticket = new Ticket(user);
        if (mayRun(user)) {
            admit(ticket);
            return ticket;
        }
        if (waiting.size() >= maxQueued) {
            String reason = running >= maxRunning
                    ? running + " queries are running (deployment.max-running-queries)"
                    : "user " + user + " has " + runningOf(user) + " queries running (limits.max-queries-per-user)";
            throw new GatewayException(ErrorCode.TOO_MANY_QUERIES, "The queue is full: " + waiting.size()
                    + " queries wait (limits.max-queued-queries) and " + reason);
        }
        waiting.add(ticket);
        return ticket;
    }

    /** A running slot for a query that already runs (followed again after a restart), whatever the limits. */
    synchronized Ticket occupy(String user) {
        Ticket ticket = new Ticket(user);
        admit(ticket);
        ticket.started = true;
        return ticket;
    }

    /** Runs {@code start} once the ticket has a running slot: now, or when a slot frees for it; never after it left. */
    void ready(Ticket ticket, Runnable start) {
        requireNonNull(start, "start is null");
        boolean startNow;
        synchronized (this) {
            ticket.start = start;
            startNow = takeStart(ticket);
        }
        if (startNow) {
            start.run();
        }
    }

    /**
     * Takes the ticket out: its queue place or its running slot is given to the next query in line.
     * Leaving twice changes nothing.
     */
    void leave(Ticket ticket) {
        List<Runnable> starts = new ArrayList<>();
        synchronized (this) {
            switch (ticket.state) {
                case WAITING:
                    waiting.remove(ticket);
                    break;
                case ADMITTED:
                    running--;
                    runningByUser.computeIfPresent(ticket.user, (user, count) -> count == 1 ? null : count - 1);
                    break;
                case LEFT:
                    return;
            }
            ticket.moveTo(AdmissionState.LEFT);
            for (Iterator<Ticket> next = waiting.iterator(); next.hasNext() && running < maxRunning; ) {
                Ticket candidate = next.next();
                if (mayRun(candidate.user)) {
                    next.remove();
                    admit(candidate);
                    if (takeStart(candidate)) {
                        starts.add(candidate.start);
                    }
                }
            }
        }
        starts.forEach(Runnable::run);
    }

    /** Queries holding a running slot. */
    synchronized int running() {
        return running;
    }

    /** Queries in the queue. */
    synchronized int waiting() {
        return waiting.size();
    }

    private boolean mayRun(String user) {
        return running < maxRunning && runningOf(user) < maxRunningPerUser;
    }

    private int runningOf(String user) {
        return runningByUser.getOrDefault(user, 0);
    }

    private void admit(Ticket ticket) {
        ticket.moveTo(AdmissionState.ADMITTED);
        running++;
        runningByUser.merge(ticket.user, 1, Integer::sum);
    }

    /** Whether the ticket's start should run now (it has a slot and a start, and has not started). */
    private static boolean takeStart(Ticket ticket) {
        if (ticket.state != AdmissionState.ADMITTED || ticket.start == null || ticket.started) {
            return false;
        }
        ticket.started = true;
        return true;
    }

    /** One query's place in the admission; its fields are guarded by the admission's lock. */
    static final class Ticket {
        private final String user;
        private AdmissionState state = AdmissionState.WAITING;
        private Runnable start;
        private boolean started;

        private Ticket(String user) {
            this.user = requireNonNull(user, "user is null");
        }

        private void moveTo(AdmissionState next) {
            if (!state.canMoveTo(next)) {
                throw new IllegalStateException("Admission cannot move from " + state + " to " + next);
            }
            state = next;
        }
    }
}
