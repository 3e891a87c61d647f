package io.flinkgw.gateway.avatica;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.ClassifiedStatement;
import io.flinkgw.dialect.SqlNormalizer;
import io.flinkgw.dialect.SqlParameters;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.routing.Route;
import io.flinkgw.gateway.security.RequestUser;
import io.flinkgw.gateway.routing.StatementRouter;
import io.flinkgw.gateway.session.FlinkSession;
import io.flinkgw.gateway.session.SessionManager;
import io.flinkgw.protocol.ParameterDeclaration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * The gateway's Avatica {@code Meta}: connections are Flink sessions, statements are routed to the
 * session or to a per-job query, and results are frames of the session's rows or of a persisted
 * result. Every error leaves through {@link ErrorTranslator}.
 */
public final class FlinkgwMeta extends MetaImpl {

    private final SessionManager sessions;
    private final QueryManager queries;
    private final CatalogMetadata catalogMetadata;
    private final StatementRunner runner;
    private final RequestUser requestUser;
    private final ConnectionsPerUser connectionsPerUser;
    private final int maxStatementsPerConnection;
    private final AtomicInteger statementIds = new AtomicInteger();
    private final Map<String, ConnectionState> connections = new ConcurrentHashMap<>();

    /**
     * Creates the Meta over the gateway's sessions and queries.
     *
     * @param maxConnectionsPerUser connections one user may have open (more: SQLState 53400)
     * @param maxStatementsPerConnection statements one connection may have open (more: SQLState 53400)
     */
    public FlinkgwMeta(
            SessionManager sessions, QueryManager queries, Duration longPoll, int frameMaxRows, RequestUser requestUser,
            int maxStatementLength, long maxResultRows, int maxConnectionsPerUser, int maxStatementsPerConnection) {
        super(null);
        if (maxStatementsPerConnection < 1) {
            throw new IllegalArgumentException("maxStatementsPerConnection must be positive");
        }
        this.connectionsPerUser = new ConnectionsPerUser(maxConnectionsPerUser);
        this.maxStatementsPerConnection = maxStatementsPerConnection;
        this.requestUser = requireNonNull(requestUser, "requestUser is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.runner = new StatementRunner(queries, longPoll, frameMaxRows, maxStatementLength, maxResultRows);
        this.catalogMetadata = new CatalogMetadata(statementIds);
    }

    /** The per-job query a statement's current result comes from, for the driver's side endpoint. */
    public Optional<String> queryIdOf(String connectionId, int statementId) {
        ConnectionState connection = connections.get(connectionId);
        if (connection == null || !ownedByRequestUser(connection)) {
            return Optional.empty();
        }
        StatementState statement = connection.statements.get(statementId);
        return statement == null ? Optional.empty() : statement.cursor().flatMap(ResultCursor::queryId);
    }

    // ---- connections ----------------------------------------------------------------------

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        try {
            // an authenticated user is who they proved to be; without authentication the client names itself
            String user = requestUser.current()
                    .orElseGet(() -> info == null ? "anonymous" : info.getOrDefault("user", "anonymous"));
            if (connections.containsKey(ch.id)) {
                return;
            }
            connectionsPerUser.acquire(user);
            try {
                FlinkSession session = sessions.open(ch.id, user);
                if (connections.putIfAbsent(ch.id, new ConnectionState(session)) != null) {
                    connectionsPerUser.release(user);
                }
            } catch (RuntimeException e) {
                connectionsPerUser.release(user);
                throw e;
            }
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    @Override
    public void closeConnection(ConnectionHandle ch) {
        if (requestUser.current().isPresent() && connections.containsKey(ch.id)) {
            connection(ch.id);
        }
        ConnectionState connection = connections.remove(ch.id);
        if (connection != null) {
            connectionsPerUser.release(connection.session.user());
            connection.statements.values().forEach(StatementState::close);
        }
        sessions.close(ch.id);
    }

    /**
     * Keeps the client's connection properties; a catalog or schema set by the client becomes the
     * session's current Flink catalog or database, and the answer always names the session's current
     * ones (tools read them to open the right tree node).
     */
    @Override
    public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties properties) {
        ConnectionState connection = connection(ch.id);
        try {
            synchronized (connection) {
                if (properties.getCatalog() != null) {
                    connection.session.useCatalog(properties.getCatalog());
                }
                if (properties.getSchema() != null) {
                    connection.session.useDatabase(properties.getSchema());
                }
                connection.properties.merge(properties);
                connection.properties.setCatalog(connection.session.currentCatalog());
                connection.properties.setSchema(connection.session.currentDatabase());
                // clean, or the client would send these values back before every call and undo USE statements
                connection.properties.setDirty(false);
                return connection.properties;
            }
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    @Override
    public void commit(ConnectionHandle ch) {
        // Flink statements commit on their own; there is no transaction to end.
    }

    @Override
    public void rollback(ConnectionHandle ch) {
        // Nothing to roll back: see commit.
    }

    // ---- statements -----------------------------------------------------------------------

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        ConnectionState connection = connection(ch.id);
        synchronized (connection.statements) {
            if (connection.statements.size() >= maxStatementsPerConnection) {
                throw ErrorTranslator.translate(new GatewayException(ErrorCode.TOO_MANY_OPEN, "The connection already has "
                        + connection.statements.size() + " open statements (limits.max-statements-per-connection = "
                        + maxStatementsPerConnection + "); close some first"));
            }
            StatementHandle handle = new StatementHandle(ch.id, statementIds.incrementAndGet(), null);
            connection.statements.put(handle.id, new StatementState(handle));
            return handle;
        }
    }

    @Override
    public void closeStatement(StatementHandle h) {
        ConnectionState found = connections.get(h.connectionId);
        ConnectionState connection = found != null && ownedByRequestUser(found) ? found : null;
        if (connection != null) {
            StatementState statement = connection.statements.remove(h.id);
            if (statement != null) {
                statement.close();
            }
        }
    }

    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
        try {
            StatementHandle created = createStatement(ch);
            StatementState statement = statement(created);
            ClassifiedStatement classified = StatementRunner.classify(sql);
            int parameterCount = SqlParameters.count(classified.sql());
            List<ColumnMetaData> columns = List.of();
            if (StatementRouter.route(classified) == Route.PER_JOB_QUERY) {
                columns = PreparedStatements.describe(connection(ch.id).session, classified.sql(), parameterCount);
            }
            statement.prepare(sql);
            created.signature = Signature.create(
                    columns, sql, PreparedStatements.parameters(parameterCount), CursorFactory.ARRAY, statementType(classified));
            return created;
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback) {
        return prepareAndExecute(h, sql, maxRowCount, -1, callback);
    }

    @Override
    public ExecuteResult prepareAndExecute(
            StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame, PrepareCallback callback) {
        return translated(() -> {
            return run(statement(h), sql, maxRowCount, maxRowsInFirstFrame);
        });
    }

    @Override
    @SuppressWarnings("deprecation")
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount) {
        return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame) {
        return translated(() -> {
            StatementState statement = statement(h);
            String sql =
                    statement.preparedSql()
                            .orElseThrow(() -> new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "Statement was not prepared"));
            ParameterDeclaration declaration = statement.takeDeclaration();
            String bound = PreparedStatements.bind(
                    SqlNormalizer.normalize(sql), parameterValues == null ? List.of() : parameterValues, declaration.types());
            // Avatica's execute request has no row limit: the driver declares PreparedStatement.setMaxRows
            return run(statement, bound, declaration.maxRows() > 0 ? declaration.maxRows() : -1, maxRowsInFirstFrame);
        });
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands) {
        throw ErrorTranslator.translate(new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT, "Batches are not supported"));
    }

    @Override
    public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues) {
        throw ErrorTranslator.translate(new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT, "Batches are not supported"));
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) {
        return translated(() -> whileBusy(h.connectionId, () -> {
            ResultCursor cursor =
                    statement(h).cursor()
                            .orElseThrow(() -> new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "Statement has no result"));
            return cursor.fetch(offset, runner.frameRows(fetchMaxRowCount));
        }));
    }

    /**
     * Closes connections unused for longer than {@code idle}, with their sessions and running queries;
     * returns how many were closed.
     */
    public int closeIdleConnections(Duration idle) {
        long now = System.nanoTime();
        int closed = 0;
        for (Map.Entry<String, ConnectionState> entry : connections.entrySet()) {
            if (entry.getValue().busy.get() == 0 && now - entry.getValue().lastUsed > idle.toNanos()) {
                closeConnection(new ConnectionHandle(entry.getKey()));
                closed++;
            }
        }
        return closed;
    }

    /**
     * Records what Avatica's execute request cannot carry for a prepared statement's next execution:
     * the SQL types of null parameters and of dates and times sent as text, and the row limit.
     */
    public void declareParameters(String connectionId, int statementId, ParameterDeclaration declaration) {
        try {
            statement(new StatementHandle(connectionId, statementId, null)).declare(declaration);
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /**
     * Cancels the per-job query behind a statement's current result (Avatica's own cancel never
     * reaches the server): the job is cancelled, its cluster torn down, its record CANCELED.
     *
     * @return whether a query was running and is now being cancelled
     */
    public boolean cancel(String connectionId, int statementId) {
        try {
            StatementState statement = statement(new StatementHandle(connectionId, statementId, null));
            Optional<String> queryId = statement.cursor().flatMap(ResultCursor::queryId);
            return queryId.isPresent() && queries.cancel(queryId.get());
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /**
     * A frame in the flinkgw driver's binary encoding ({@link BinaryFrames}), for results whose columns
     * are all scalars; errors leave as {@code AvaticaRuntimeException}s, as from {@link #fetch}.
     */
    public byte[] fetchBinary(String connectionId, int statementId, long offset, int fetchMaxRowCount) {
        return translated(() -> {
            StatementState statement = statement(new StatementHandle(connectionId, statementId, null));
            ResultCursor cursor =
                    statement.cursor()
                            .orElseThrow(() -> new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "Statement has no result"));
            return whileBusy(connectionId,
                    () -> BinaryFrames.encode(cursor.fetch(offset, runner.frameRows(fetchMaxRowCount)), statement.columns()));
        });
    }

    @Override
    public boolean syncResults(StatementHandle sh, QueryState state, long offset) {
        return false;
    }

    // ---- metadata -------------------------------------------------------------------------

    @Override
    public MetaResultSet getCatalogs(ConnectionHandle ch) {
        return catalogMetadata.catalogs(ch, connection(ch.id).session);
    }

    @Override
    public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
        return catalogMetadata.schemas(ch, connection(ch.id).session, catalog, schemaPattern);
    }

    @Override
    public MetaResultSet getTables(
            ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern, List<String> typeList) {
        return catalogMetadata.tables(ch, connection(ch.id).session, catalog, schemaPattern, tableNamePattern, typeList);
    }

    @Override
    public MetaResultSet getColumns(
            ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern, Pat columnNamePattern) {
        return catalogMetadata.columns(
                ch, connection(ch.id).session, catalog, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
        return DatabaseProperties.of();
    }

    @Override
    public MetaResultSet getTableTypes(ConnectionHandle ch) {
        return catalogMetadata.tableTypes(ch);
    }

    @Override
    public MetaResultSet getTypeInfo(ConnectionHandle ch) {
        return catalogMetadata.typeInfo(ch);
    }

    // ---- execution ------------------------------------------------------------------------

    /** Runs a Meta call, turning every failure into what the client sees (the one translation point). */
    private static <T> T translated(Call<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorTranslator.translate(e);
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /** Runs a call that may wait, with the connection marked busy so the idle sweep leaves it alone. */
    private <T> T whileBusy(String connectionId, Call<T> call) throws InterruptedException {
        ConnectionState connection = connection(connectionId);
        connection.busy.incrementAndGet();
        try {
            return call.call();
        } finally {
            connection.lastUsed = System.nanoTime();
            connection.busy.decrementAndGet();
        }
    }

    /** A Meta call that may wait. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws InterruptedException;
    }

    private ExecuteResult run(StatementState statement, String sql, long maxRowCount, int maxRowsInFirstFrame)
            throws InterruptedException {
        StatementHandle h = statement.handle;
        ConnectionState connection = connection(h.connectionId);
        return whileBusy(h.connectionId, () -> runner.run(statement, connection, sql, maxRowCount, maxRowsInFirstFrame));
    }

    private static StatementType statementType(ClassifiedStatement statement) {
        return statement.kind().returnsRows() ? StatementType.SELECT : StatementType.OTHER_DDL;
    }

    private boolean ownedByRequestUser(ConnectionState connection) {
        return requestUser.current().map(user -> user.equals(connection.session.user())).orElse(true);
    }

    /** The connection, only for the user who opened it (others learn nothing, not even that it exists). */
    private ConnectionState connection(String connectionId) {
        ConnectionState found = connections.get(connectionId);
        ConnectionState connection = found != null && ownedByRequestUser(found) ? found : null;
        if (connection != null) {
            connection.lastUsed = System.nanoTime();
        }
        if (connection == null) {
            throw ErrorTranslator.translate(
                    new GatewayException(ErrorCode.CONNECTION_NOT_FOUND, "Connection " + connectionId + " is not open"));
        }
        return connection;
    }

    private StatementState statement(StatementHandle h) {
        StatementState statement = connection(h.connectionId).statements.get(h.id);
        if (statement == null) {
            throw new GatewayException(ErrorCode.STATEMENT_NOT_FOUND, "Statement " + h.id + " is not open");
        }
        return statement;
    }
}
