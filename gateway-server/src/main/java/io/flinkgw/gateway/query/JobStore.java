package io.flinkgw.gateway.query;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The durable record of every per-job query. Implementations are thread-safe. */
public interface JobStore extends AutoCloseable {

    /** Records a new query. */
    void insert(QueryRecord record);

    /** The record of a query, if there is one. */
    Optional<QueryRecord> find(String queryId);

    /**
     * Moves a query from {@code from} to {@code to} and applies {@code update}, only if it is still in
     * {@code from} (compare-and-set); returns whether it moved.
     */
    boolean transition(String queryId, QueryState from, QueryState to, QueryUpdate update);

    /** The queries currently in any of {@code states}. */
    List<QueryRecord> findByStates(Set<QueryState> states);

    /** Terminal queries last changed before {@code instant}. */
    List<QueryRecord> findTerminalBefore(java.time.Instant instant);

    /** Removes a query's record. */
    void delete(String queryId);

    @Override
    void close();
}
