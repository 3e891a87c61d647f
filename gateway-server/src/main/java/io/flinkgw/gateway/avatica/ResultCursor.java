package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.JdbcValues;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.result.PersistedResultReader;
import io.flinkgw.gateway.result.ResultCorruptException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.flink.table.data.RowData;

/** The rows of one executed statement, served frame by frame. */
abstract class ResultCursor implements AutoCloseable {

    /**
     * The frame starting at {@code offset} with at most {@code maxRows} rows; an empty, not-done frame
     * when the rows are not ready within the long-poll time.
     */
    abstract Meta.Frame fetch(long offset, int maxRows) throws InterruptedException;

    /** The per-job query behind the cursor, if there is one. */
    Optional<String> queryId() {
        return Optional.empty();
    }

    @Override
    public void close() {}

    /** Rows the session computed in memory (SHOW, DESCRIBE, EXPLAIN, SET). */
    static final class InMemory extends ResultCursor {
        private final List<Object[]> rows;

        InMemory(List<Object[]> rows) {
            this.rows = List.copyOf(requireNonNull(rows, "rows is null"));
        }

        @Override
        Meta.Frame fetch(long offset, int maxRows) {
            int from = (int) Math.min(offset, rows.size());
            int to = (int) Math.min((long) from + maxRows, rows.size());
            return new Meta.Frame(offset, to == rows.size(), new ArrayList<Object>(rows.subList(from, to)));
        }
    }

    /** A finished update (INSERT): no rows, only the query that wrote them, for its id. */
    static final class Written extends ResultCursor {
        private final String queryId;

        Written(String queryId) {
            this.queryId = requireNonNull(queryId, "queryId is null");
        }

        @Override
        Meta.Frame fetch(long offset, int maxRows) {
            return new Meta.Frame(offset, true, List.of());
        }

        @Override
        Optional<String> queryId() {
            return Optional.of(queryId);
        }
    }

    /** A per-job query's persisted result: long-polls while the job runs, then streams the files. */
    static final class Persisted extends ResultCursor {
        private final QueryManager queries;
        private final String queryId;
        private final Duration longPoll;
        private final long maxRows;
        private final ZoneId zone;
        private final boolean ownsQuery;
        private PersistedResultReader reader;
        private JdbcValues.RowConverter converter;
        private boolean closed;

        /**
         * @param maxRows the statement's row limit, or 0 for none
         * @param ownsQuery whether closing the cursor cancels the query (false for a RESULT_SCAN of it)
         */
        Persisted(QueryManager queries, String queryId, Duration longPoll, long maxRows, ZoneId zone, boolean ownsQuery) {
            this.ownsQuery = ownsQuery;
            this.queries = requireNonNull(queries, "queries is null");
            this.queryId = requireNonNull(queryId, "queryId is null");
            this.longPoll = requireNonNull(longPoll, "longPoll is null");
            this.maxRows = maxRows;
            this.zone = requireNonNull(zone, "zone is null");
        }

        @Override
        Optional<String> queryId() {
            return Optional.of(queryId);
        }

        @Override
        Meta.Frame fetch(long offset, int frameRows) throws InterruptedException {
            // wait outside the lock, so close() never waits for a long poll
            QueryRecord record = queries.await(queryId, longPoll);
            synchronized (this) {
                if (closed) {
                    // a fetch that raced close(): opening a reader now would leave it open for good
                    throw new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "The result of query " + queryId + " is closed");
                }
                return frameFor(record, offset, frameRows);
            }
        }

        private Meta.Frame frameFor(QueryRecord record, long offset, int frameRows) {
            switch (record.state()) {
                case SUBMITTED:
                case RUNNING:
                    return new Meta.Frame(offset, false, List.of());
                case FAILED: {
                    String error = record.error().orElse("unknown failure");
                    throw new GatewayException(ErrorCode.forJobFailure(error), "Query " + queryId + " failed: " + error);
                }
                case CANCELED:
                    throw new GatewayException(ErrorCode.QUERY_CANCELED, "Query " + queryId + " was canceled");
                case FINISHED:
                    return read(offset, frameRows);
            }
            throw new AssertionError(record.state());
        }

        private Meta.Frame read(long offset, int frameRows) {
            try {
                if (reader == null || reader.position() > offset) {
                    closeReader();
                    reader = queries.resultStore().open(queryId);
                    converter = JdbcValues.forRows(reader.manifest().rowType(), zone);
                }
                reader.skipTo(offset);
                long limit = maxRows > 0 ? Math.max(0, maxRows - offset) : Long.MAX_VALUE;
                int wanted = (int) Math.min(frameRows, limit);
                List<Object> rows = new ArrayList<>(Math.min(wanted, 4096));
                boolean done = wanted == 0 && limit == 0;
                while (rows.size() < wanted) {
                    RowData row = reader.next();
                    if (row == null) {
                        done = true;
                        break;
                    }
                    rows.add(converter.convert(row));
                }
                if (!done && (offset + rows.size() >= reader.manifest().rowCount() || offset + rows.size() >= limit)) {
                    done = true;
                }
                return new Meta.Frame(offset, done, rows);
            } catch (ResultCorruptException e) {
                closeReader();
                throw new GatewayException(
                        ErrorCode.RESULT_CORRUPT, "Result of query " + queryId + " is damaged: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new GatewayException(
                        ErrorCode.RESULT_UNAVAILABLE, "Result of query " + queryId + " cannot be read: " + e.getMessage(), e);
            }
        }

        private void closeReader() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // a reader that fails to close holds nothing we still need
                }
                reader = null;
            }
        }

        /** Closing a result whose query still runs cancels the query, so no cluster is left behind. */
        @Override
        public synchronized void close() {
            closed = true;
            closeReader();
            if (ownsQuery) {
                queries.cancel(queryId);
            }
        }
    }
}
