package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.JdbcValues;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.result.LiveResultReader;
import io.flinkgw.gateway.result.PersistedResultReader;
import io.flinkgw.gateway.result.ResultCorruptException;
import io.flinkgw.gateway.result.ResultManifest;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * A per-job query's persisted result: while the job runs, the rows its writer has published (or an
     * empty frame after the long poll); once it is committed, the committed files.
     */
    static final class Persisted extends ResultCursor {
        private static final Logger LOG = LoggerFactory.getLogger(Persisted.class);
        private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(20);
        private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(50);

        private final QueryManager queries;
        private final String queryId;
        private final Duration longPoll;
        private final long maxRows;
        private final ZoneId zone;
        private final boolean ownsQuery;
        private final boolean servesWhileRunning;
        private PersistedResultReader reader;
        private JdbcValues.RowConverter converter;
        private LiveResultReader live;
        private JdbcValues.RowConverter liveConverter;
        private boolean closed;

        /**
         * @param maxRows the statement's row limit, or 0 for none
         * @param ownsQuery whether closing the cursor cancels the query (false for a RESULT_SCAN of it)
         * @param servesWhileRunning whether rows are served before the job ends: a SELECT's are; an
         *     INSERT's count is not, as the job still commits the tables it wrote after counting
         */
        Persisted(QueryManager queries, String queryId, Duration longPoll, long maxRows, ZoneId zone, boolean ownsQuery,
                boolean servesWhileRunning) {
            this.ownsQuery = ownsQuery;
            this.servesWhileRunning = servesWhileRunning;
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

        /**
         * While the query runs, its record is looked at again after a short wait, growing up to
         * {@link #MAX_POLL_INTERVAL}, so published rows go out soon after the writer flushed them.
         */
        @Override
        Meta.Frame fetch(long offset, int frameRows) throws InterruptedException {
            long deadline = System.nanoTime() + longPoll.toNanos();
            Duration wait = FIRST_POLL_INTERVAL;
            while (true) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                // wait outside the lock, so close() never waits for a long poll
                QueryRecord record = queries.await(queryId, Duration.ofNanos(Math.min(wait.toNanos(), remaining)));
                synchronized (this) {
                    if (closed) {
                        // a fetch that raced close(): opening a reader now would leave it open for good
                        throw new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "The result of query " + queryId + " is closed");
                    }
                    Optional<Meta.Frame> frame = frameFor(record, offset, frameRows);
                    if (frame.isPresent()) {
                        return frame.get();
                    }
                }
                if (remaining == 0) {
                    return new Meta.Frame(offset, false, List.of());
                }
                wait = wait.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : wait.multipliedBy(2);
            }
        }

        /** The frame the query's state allows; empty while it runs and no new row is published. */
        private Optional<Meta.Frame> frameFor(QueryRecord record, long offset, int frameRows) {
            switch (record.state()) {
                case SUBMITTED:
                    return Optional.empty();
                case RUNNING:
                    return servesWhileRunning ? readPublished(record, offset, frameRows) : Optional.empty();
                case FAILED: {
                    // rows already served are never taken for a result: the failure is the answer
                    String error = record.error().orElse("unknown failure");
                    throw new GatewayException(ErrorCode.forJobFailure(error), "Query " + queryId + " failed: " + error);
                }
                case CANCELED:
                    throw new GatewayException(ErrorCode.QUERY_CANCELED, "Query " + queryId + " was canceled");
                case FINISHED:
                    checkCommittedAsServed();
                    return Optional.of(read(offset, frameRows));
            }
            throw new AssertionError(record.state());
        }

        /** Rows the running job's writer has published past {@code offset}, in a frame that is not the last. */
        private Optional<Meta.Frame> readPublished(QueryRecord record, long offset, int frameRows) {
            long limit = maxRows > 0 ? maxRows - offset : Long.MAX_VALUE;
            if (limit <= 0 || record.resultSchema().isEmpty()) {
                return Optional.empty(); // the statement has its rows; the last frame comes with the commit
            }
            try {
                if (live == null) {
                    RowType rowType = (RowType) LogicalTypeParser.parse(
                            record.resultSchema().get(), ResultCursor.class.getClassLoader());
                    live = queries.resultStore().openLive(queryId, rowType);
                    liveConverter = JdbcValues.forRows(rowType, zone);
                }
                while (live.position() < offset) {
                    if (live.poll((int) Math.min(frameRows, offset - live.position())).isEmpty()) {
                        return Optional.empty();
                    }
                }
                if (live.position() > offset) {
                    return Optional.empty(); // a repeated fetch: the file being written is not read twice
                }
                List<RowData> published = live.poll((int) Math.min(frameRows, limit));
                if (published.isEmpty()) {
                    return Optional.empty();
                }
                List<Object> rows = new ArrayList<>(published.size());
                for (RowData row : published) {
                    rows.add(liveConverter.convert(row));
                }
                return Optional.of(new Meta.Frame(offset, false, rows));
            } catch (IOException e) {
                // the file is being written or replaced: the committed result is served once the query ends
                LOG.debug("Published rows of query {} could not be read", queryId, e);
                return Optional.empty();
            }
        }

        /**
         * Rows served while the query ran came from one attempt's file: the commit must name that very
         * file, else those rows are not the result's and the client is told, rather than given a mix.
         */
        private void checkCommittedAsServed() {
            if (live == null) {
                return;
            }
            LiveResultReader served = live;
            live = null;
            served.close();
            if (served.position() == 0) {
                return;
            }
            List<String> committedFiles;
            try {
                committedFiles = queries.resultStore().manifest(queryId).map(ResultManifest::files).orElse(List.of());
            } catch (IOException e) {
                throw new GatewayException(
                        ErrorCode.RESULT_UNAVAILABLE, "Result of query " + queryId + " cannot be read: " + e.getMessage(), e);
            }
            if (!committedFiles.equals(served.boundFile().map(List::of).orElse(List.of()))) {
                throw new GatewayException(ErrorCode.RESULT_REPLACED, "Query " + queryId + " was rerun after "
                        + served.position() + " rows were served from " + served.boundFile().orElse("?")
                        + ", and its result was committed from " + committedFiles + ": run the query again");
            }
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
            if (live != null) {
                live.close();
                live = null;
            }
            if (ownsQuery) {
                queries.cancel(queryId);
            }
        }
    }
}
