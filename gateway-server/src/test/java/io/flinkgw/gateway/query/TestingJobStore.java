package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory job store that checks the transition table and compares-and-sets like {@link JdbcJobStore}. */
final class TestingJobStore implements JobStore {

    private final Map<String, QueryRecord> records = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<QueryRecord>> reached = new ConcurrentHashMap<>();
    private final Clock clock;

    TestingJobStore(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void insert(QueryRecord record) {
        if (records.putIfAbsent(record.queryId(), record) != null) {
            throw new IllegalStateException("Query " + record.queryId() + " is recorded already");
        }
    }

    @Override
    public Optional<QueryRecord> find(String queryId) {
        return Optional.ofNullable(records.get(queryId));
    }

    @Override
    public synchronized boolean transition(String queryId, QueryState from, QueryState to, QueryUpdate update) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("Query state cannot move from " + from + " to " + to);
        }
        QueryRecord current = records.get(queryId);
        if (current == null || current.state() != from) {
            return false;
        }
        records.put(queryId, new QueryRecord(
                current.queryId(), current.user(), current.sql(), to,
                update.flinkJobId().or(current::flinkJobId),
                update.clusterId().or(current::clusterId),
                current.resultLocation(),
                update.resultSchema().or(current::resultSchema),
                update.rowCount().or(current::rowCount),
                update.error().or(current::error),
                current.createdAt(),
                clock.instant()));
        reached(queryId, to).complete(records.get(queryId));
        return true;
    }

    /** Completes with the query's record once it has moved to {@code state}. */
    CompletableFuture<QueryRecord> reached(String queryId, QueryState state) {
        return reached.computeIfAbsent(queryId + "/" + state, key -> new CompletableFuture<>());
    }

    @Override
    public List<QueryRecord> findByStates(Set<QueryState> states) {
        return records.values().stream()
                .filter(record -> states.contains(record.state()))
                .sorted(Comparator.comparing(QueryRecord::createdAt))
                .toList();
    }

    @Override
    public List<QueryRecord> findTerminalBefore(Instant instant) {
        return records.values().stream()
                .filter(record -> record.state().isTerminal() && record.updatedAt().isBefore(instant))
                .sorted(Comparator.comparing(QueryRecord::updatedAt))
                .toList();
    }

    @Override
    public void delete(String queryId) {
        records.remove(queryId);
    }

    @Override
    public void close() {}
}
