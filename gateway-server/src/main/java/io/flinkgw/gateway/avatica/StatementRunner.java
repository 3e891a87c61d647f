package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.ClassifiedStatement;
import io.flinkgw.dialect.SqlNormalizer;
import io.flinkgw.dialect.StatementClassifier;
import io.flinkgw.dialect.StatementKind;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.routing.StatementRouter;
import io.flinkgw.gateway.security.Secrets;
import io.flinkgw.gateway.session.CompiledQuery;
import io.flinkgw.gateway.session.SessionResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta.CursorFactory;
import org.apache.calcite.avatica.Meta.ExecuteResult;
import org.apache.calcite.avatica.Meta.Frame;
import org.apache.calcite.avatica.Meta.MetaResultSet;
import org.apache.calcite.avatica.Meta.Signature;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.Meta.StatementType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Runs one statement where its route says (the session, a per-job query, a result scan, gateway
 * metadata) and serves its first frame: the statement router of {@link FlinkgwMeta}.
 */
final class StatementRunner {

    private final QueryManager queries;
    private final Duration longPoll;
    private final int frameMaxRows;
    private final int maxStatementLength;
    private final long maxResultRows;

    StatementRunner(QueryManager queries, Duration longPoll, int frameMaxRows, int maxStatementLength, long maxResultRows) {
        this.queries = requireNonNull(queries, "queries is null");
        this.longPoll = requireNonNull(longPoll, "longPoll is null");
        if (frameMaxRows < 1) {
            throw new IllegalArgumentException("frameMaxRows must be positive");
        }
        this.frameMaxRows = frameMaxRows;
        this.maxStatementLength = maxStatementLength;
        this.maxResultRows = maxResultRows;
    }

    /**
     * Classifies a statement after normalizing it to Flink SQL (ANSI {@code "identifiers"} to backticks,
     * JDBC escapes such as {fn ...} and {d '...'} translated): every statement, plain, prepared or bound,
     * reaches Flink through here.
     */
    static ClassifiedStatement classify(String sql) {
        return StatementClassifier.classify(SqlNormalizer.normalize(sql));
    }

    /** Runs a statement of {@code connection} and serves its first frame. */
    ExecuteResult run(
            StatementState statement, ConnectionState connection, String sql, long maxRowCount, int maxRowsInFirstFrame)
            throws InterruptedException {
        StatementHandle h = statement.handle;
        if (sql.length() > maxStatementLength) {
            throw new GatewayException(ErrorCode.TOO_LARGE, "The statement has " + sql.length()
                    + " characters; the limit is " + maxStatementLength + " (limits.max-statement-length)");
        }
        ClassifiedStatement classified = classify(sql);
        long maxRows = Math.max(0, maxRowCount);
        switch (StatementRouter.route(classified)) {
            case PER_JOB_QUERY: {
                String queryId = queries.newQueryId();
                CompiledQuery compiled =
                        connection.session.compile(classified.sql(), queries.resultDirectory(queryId), maxRows, maxResultRows);
                queries.submit(queryId, connection.session.user(), sql, compiled);
                return serve(statement, sql, compiled.rowType(),
                        new ResultCursor.Persisted(queries, queryId, longPoll, maxRows, compiled.sessionZone(), true, true),
                        maxRowsInFirstFrame);
            }
            case PER_JOB_UPDATE: {
                String queryId = queries.newQueryId();
                CompiledQuery compiled = connection.session.compileUpdate(classified.sql(), queries.resultDirectory(queryId));
                queries.submit(queryId, connection.session.user(), sql, compiled);
                // the cursor names the query while the request waits, so cancel, timeouts and close reach it
                ResultCursor.Persisted written =
                        new ResultCursor.Persisted(queries, queryId, longPoll, 0, compiled.sessionZone(), true, false);
                statement.replaceCursor(written, Columns.of(compiled.rowType()));
                long count = rowsWritten(written);
                statement.replaceCursor(new ResultCursor.Written(queryId), List.of());
                return new ExecuteResult(List.of(MetaResultSet.count(h.connectionId, h.id, count)));
            }
            case RESULT_SCAN: {
                String queryId = classified.argument().orElse("");
                RowType rowType = ResultScans.rowType(queries, queryId, connection.session.user());
                boolean written = ResultScans.isWrite(queries, queryId);
                return serve(statement, sql, rowType,
                        new ResultCursor.Persisted(queries, queryId, longPoll, maxRows, connection.session.zone(), false, !written),
                        maxRowsInFirstFrame);
            }
            case METADATA: {
                List<Optional<String>> names = classified.arguments();
                if (classified.kind() == StatementKind.FUNCTIONS) {
                    List<Object[]> rows = CatalogMetadata.functions(connection.session, names.get(0), names.get(1), names.get(2));
                    return serve(statement, sql, CatalogMetadata.functionColumns(), new ResultCursor.InMemory(rows), -1);
                }
                List<Object[]> rows = CatalogMetadata.primaryKeys(connection.session, names.get(0), names.get(1), names.get(2));
                return serve(statement, sql, CatalogMetadata.primaryKeyColumns(), new ResultCursor.InMemory(rows), -1);
            }
            case SESSION: {
                SessionResult result = connection.session.execute(classified);
                if (result.rowType().isEmpty()) {
                    statement.replaceCursor(null);
                    return new ExecuteResult(List.of(MetaResultSet.count(h.connectionId, h.id, result.updateCount())));
                }
                List<Object[]> rows = classified.kind() == StatementKind.SET
                        ? Secrets.redactSettings(result.rows())
                        : result.rows();
                return serve(statement, sql, result.rowType().get(), new ResultCursor.InMemory(rows), -1);
            }
            case REJECT:
                throw new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT, "Empty statement");
        }
        throw new AssertionError(classified.kind());
    }

    private ExecuteResult serve(
            StatementState statement, String sql, RowType rowType, ResultCursor cursor, int maxRowsInFirstFrame)
            throws InterruptedException {
        return serve(statement, sql, Columns.of(rowType), cursor, maxRowsInFirstFrame);
    }

    private ExecuteResult serve(
            StatementState statement, String sql, List<ColumnMetaData> columns, ResultCursor cursor, int maxRowsInFirstFrame)
            throws InterruptedException {
        statement.replaceCursor(cursor, columns);
        Frame first = cursor.fetch(0, frameRows(maxRowsInFirstFrame));
        Signature signature =
                Signature.create(columns, sql, List.<AvaticaParameter>of(), CursorFactory.ARRAY, StatementType.SELECT);
        StatementHandle h = statement.handle;
        return new ExecuteResult(List.of(MetaResultSet.create(h.connectionId, h.id, false, signature, first)));
    }

    /**
     * Waits for an update's job and returns the rows it wrote, its one-row result; a failed or cancelled
     * job is an error with its cause. The execute request waits as long as the job runs, as JDBC's
     * {@code executeUpdate} must return the count.
     */
    private static long rowsWritten(ResultCursor.Persisted written) throws InterruptedException {
        while (true) {
            Frame frame = written.fetch(0, 1);
            Iterator<Object> rows = frame.rows.iterator();
            if (rows.hasNext()) {
                return ((Number) ((Object[]) rows.next())[0]).longValue();
            }
            if (frame.done) {
                throw new GatewayException(ErrorCode.INTERNAL_ERROR, "The update finished without its row count");
            }
        }
    }

    /** The rows of a frame: what the client asks, at most {@code fetch.frame-max-rows}. */
    int frameRows(long requested) {
        return requested <= 0 ? frameMaxRows : (int) Math.min(requested, frameMaxRows);
    }

}
