package io.flinkgw.gateway.session;

import static java.util.Objects.requireNonNull;

import io.flinkgw.dialect.ClassifiedStatement;
import io.flinkgw.dialect.JdbcValues;
import io.flinkgw.gateway.deploy.ExecutionPlans;
import io.flinkgw.gateway.deploy.ShuffleModes;
import io.flinkgw.gateway.catalog.SessionCatalogs;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.result.ResultSinkFactory;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Expressions;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableImpl;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.Operation;
import io.flinkgw.gateway.security.SqlSandbox;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * One client connection's Flink session: a batch TableEnvironment with its catalogs, functions and
 * configuration. The planner must run on the thread that created the environment, so every call runs
 * on the session's own thread, one at a time.
 */
public final class FlinkSession implements AutoCloseable {

    private final String sessionId;
    private final String user;
    private final Map<String, String> initialConfiguration;
    private final ExecutorService thread;
    private final TableEnvironment environment;
    private final SqlSandbox sandbox;
    private final SessionCatalogs.Attached catalogs;

    private FlinkSession(String sessionId, String user, Map<String, String> initialConfiguration, SqlSandbox sandbox,
            SessionCatalogs.Attached catalogs) throws Exception {
        this.sandbox = requireNonNull(sandbox, "sandbox is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.sessionId = requireNonNull(sessionId, "sessionId is null");
        this.user = requireNonNull(user, "user is null");
        this.initialConfiguration = Map.copyOf(initialConfiguration);
        this.thread =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread worker = new Thread(runnable, "flinkgw-session-" + sessionId);
                            worker.setDaemon(true);
                            return worker;
                        });
        this.environment = onSessionThread(this::createEnvironment);
    }

    /**
     * Opens a session whose Flink configuration starts as {@code defaults} (the gateway's {@code flink.}
     * keys) over the batch-mode settings, with the gateway's shared catalogs.
     */
    public static FlinkSession open(
            String sessionId, String user, Map<String, String> defaults, SqlSandbox sandbox, SessionCatalogs catalogs) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("execution.runtime-mode", "batch");
        configuration.putAll(defaults);
        if (sandbox.enabled()) {
            configuration.putAll(SqlSandbox.PINNED_SETTINGS);
        }
        try {
            return new FlinkSession(sessionId, user, configuration, sandbox, catalogs.attach(user));
        } catch (Exception e) {
            throw new GatewayException(ErrorCode.RESOURCE_UNAVAILABLE, "Could not open a Flink session: " + e.getMessage(), e);
        }
    }

    private TableEnvironment createEnvironment() {
        Configuration configuration = Configuration.fromMap(initialConfiguration);
        TableEnvironment created = TableEnvironment.create(
                catalogs.configure(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(configuration)).build());
        catalogs.install(created);
        return created;
    }

    /** The session id (the Avatica connection id). */
    public String sessionId() {
        return sessionId;
    }

    /** The user the session belongs to. */
    public String user() {
        return user;
    }

    /**
     * Runs a statement that belongs to the session (DDL, SET, RESET, USE, SHOW, DESCRIBE, EXPLAIN); a
     * {@code CREATE TABLE ... AS} job runs here too, waited for.
     */
    public SessionResult execute(ClassifiedStatement statement) {
        return onSessionThread(() -> executeHere(statement));
    }

    /**
     * Validates a batch SELECT, rewrites it to insert into a persisted result under {@code resultPath},
     * and translates it into the job that computes it (see {@link ExecutionPlans}). Syntax and
     * validation errors surface here, before any cluster starts.
     */
    public CompiledQuery compile(String sql, String resultPath) {
        return compile(sql, resultPath, 0, 0);
    }

    /**
     * As {@link #compile(String, String)}, keeping at most {@code maxRows} rows in the result (0: all) and
     * failing the job above {@code rowLimit} rows (0: no limit).
     */
    public CompiledQuery compile(String sql, String resultPath, long maxRows, long rowLimit) {
        return onSessionThread(
                () -> {
                    Table table = environment.sqlQuery(sql);
                    ResolvedSchema schema = table.getResolvedSchema();
                    RowType rowType = (RowType) schema.toPhysicalRowDataType().getLogicalType();
                    Schema.Builder sinkSchema = Schema.newBuilder();
                    for (Column column : schema.getColumns()) {
                        sinkSchema.column(column.getName(), column.getDataType());
                    }
                    TableDescriptor sink =
                            TableDescriptor.forConnector(ResultSinkFactory.IDENTIFIER)
                                    .schema(sinkSchema.build())
                                    .option(ResultSinkFactory.PATH, resultPath)
                                    .option(ResultSinkFactory.MAX_ROWS, Math.max(0, maxRows))
                                    .option(ResultSinkFactory.ROW_LIMIT, Math.max(0, rowLimit))
                                    .option(ResultSinkFactory.COMMIT_AT_ROWS, commitAtRows(table, maxRows))
                                    .build();
                    return new CompiledQuery(rowType, translate(table, sink), currentConfiguration(), zone());
                });
    }

    /**
     * The rows after which the result is complete: the fewer of the statement's maxRows and the query's
     * top-level LIMIT; 0 when neither bounds it.
     */
    private static long commitAtRows(Table query, long maxRows) {
        long limit = TopLevelLimit.of(((TableImpl) query).getQueryOperation()).orElse(0);
        if (maxRows <= 0) {
            return limit;
        }
        return limit <= 0 ? maxRows : Math.min(maxRows, limit);
    }

    /**
     * Validates an INSERT or a statement set and translates it into one job that writes the user's
     * tables and, beside them, the number of rows written as a one-row result under {@code resultPath}
     * ({@code COUNT(*)} over the very query each INSERT writes: the planner shares the computation between
     * the two sinks). The count is thus committed with the result, like any SELECT's rows.
     */
    public CompiledQuery compileUpdate(String sql, String resultPath) {
        return onSessionThread(() -> {
            List<Operation> operations = internal().getParser().parse(sql);
            if (operations.size() != 1) {
                throw new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT, "Expected one INSERT or statement set, got " + operations.size());
            }
            Operation operation = operations.get(0);
            sandbox.check(operation);
            List<ModifyOperation> writes = new ArrayList<>();
            if (operation instanceof StatementSetOperation set) {
                writes.addAll(set.getOperations());
            } else if (operation instanceof ModifyOperation modify) {
                writes.add(modify);
            }
            if (writes.isEmpty() || !writes.stream().allMatch(SinkModifyOperation.class::isInstance)) {
                throw new GatewayException(ErrorCode.UNSUPPORTED_STATEMENT,
                        "Only INSERT statements and statement sets of INSERTs run as updates: " + operation.asSummaryString());
            }
            Table written = null;
            for (ModifyOperation write : writes) {
                Table rows = internal().createTable(write.getChild()).select(Expressions.lit(1L).as("written"));
                written = written == null ? rows : written.unionAll(rows);
            }
            Table count = written.select(Expressions.$("written").count().as("rows"));
            RowType rowType = (RowType) count.getResolvedSchema().toPhysicalRowDataType().getLogicalType();
            TableDescriptor sink = TableDescriptor.forConnector(ResultSinkFactory.IDENTIFIER)
                    .schema(Schema.newBuilder().fromResolvedSchema(count.getResolvedSchema()).build())
                    .option(ResultSinkFactory.PATH, resultPath)
                    .build();
            ResolvedCatalogTable sinkTable = internal().getCatalogManager().resolveCatalogTable(sink.toCatalogTable());
            List<ModifyOperation> all = new ArrayList<>(writes);
            all.add(new SinkModifyOperation(ContextResolvedTable.anonymous(sinkTable), ((TableImpl) count).getQueryOperation()));
            StreamGraph graph = graphOf(all, writes.get(0).getChild());
            sandbox.checkJob(graph, sinkTable.getOptions());
            return new CompiledQuery(rowType, ExecutionPlans.serialize(graph), currentConfiguration(), zone());
        });
    }

    /**
     * Translates {@code INSERT INTO sink SELECT ...} into the job's graph here, where the session's
     * catalogs, temporary tables, views and functions are known, as {@code executeSql} would before
     * submitting it; the graph then runs on any cluster as it is.
     */
    private byte[] translate(Table query, TableDescriptor sink) throws IOException {
        ResolvedCatalogTable sinkTable = internal().getCatalogManager().resolveCatalogTable(sink.toCatalogTable());
        StreamGraph graph = graphWriting(query, sinkTable);
        sandbox.checkJob(graph, sinkTable.getOptions());
        return ExecutionPlans.serialize(graph);
    }

    private StreamGraph graphWriting(Table query, ResolvedCatalogTable sinkTable) {
        QueryOperation queryOperation = ((TableImpl) query).getQueryOperation();
        return graphOf(List.of(new SinkModifyOperation(ContextResolvedTable.anonymous(sinkTable), queryOperation)), queryOperation);
    }

    private StreamGraph graphOf(List<ModifyOperation> writes, QueryOperation naming) {
        StreamGraph graph = ShuffleModes.translate(environment.getConfig(), () -> {
            List<Transformation<?>> transformations = internal().getPlanner().translate(writes);
            return (StreamGraph) internal().generatePipelineFromQueryOperation(naming, transformations);
        });
        ShuffleModes.noteWidestOperator(graph);
        return graph;
    }

    private TableEnvironmentImpl internal() {
        return (TableEnvironmentImpl) environment;
    }

    /**
     * Checks the tables of a job the session itself runs (INSERT, statement sets, CREATE/REPLACE TABLE
     * ... AS) before it runs: the job is translated once more, as the sandbox checks jobs, not SQL.
     */
    private void checkSessionJob(Operation operation) {
        List<ModifyOperation> writes = new ArrayList<>();
        if (operation instanceof StatementSetOperation set) {
            writes.addAll(set.getOperations());
        } else if (operation instanceof ModifyOperation modify) {
            writes.add(modify);
        } else {
            return;
        }
        TableDescriptor probe = TableDescriptor.forConnector("blackhole").build();
        List<ModifyOperation> translatable = new ArrayList<>();
        for (ModifyOperation write : writes) {
            if (write instanceof CreateTableASOperation || write instanceof ReplaceTableAsOperation) {
                // the new table's own options were checked with the statement; here, what it reads
                ResolvedCatalogTable sink = internal().getCatalogManager().resolveCatalogTable(
                        probe.toBuilder().schema(Schema.newBuilder().fromResolvedSchema(
                                write.getChild().getResolvedSchema()).build()).build().toCatalogTable());
                translatable.add(new SinkModifyOperation(ContextResolvedTable.anonymous(sink), write.getChild()));
            } else {
                translatable.add(write);
            }
        }
        sandbox.checkJob(graphOf(translatable, writes.get(0).getChild()), Map.of("connector", "blackhole"));
    }

    /**
     * Translates the table {@code query} builds into a job that discards its rows (Flink's
     * {@code blackhole} connector), compiled as this session compiles queries: query clusters run it to
     * warm up. The job is the gateway's own, not a user's: the sandbox does not check it.
     */
    public byte[] compileDiscarding(java.util.function.Function<TableEnvironment, Table> query) {
        return onSessionThread(() -> {
            Table table = query.apply(environment);
            TableDescriptor sink = TableDescriptor.forConnector("blackhole")
                    .schema(Schema.newBuilder().fromResolvedSchema(table.getResolvedSchema()).build())
                    .build();
            return ExecutionPlans.serialize(
                    graphWriting(table, internal().getCatalogManager().resolveCatalogTable(sink.toCatalogTable())));
        });
    }

    /** The columns a query would return, without running it. */
    public RowType describe(String sql) {
        return onSessionThread(
                () -> (RowType) environment.sqlQuery(sql).getResolvedSchema().toPhysicalRowDataType().getLogicalType());
    }

    /** Runs read-only work (metadata listing) against the session's environment, on its thread. */
    public <T> T inspect(java.util.function.Function<TableEnvironment, T> work) {
        return onSessionThread(() -> work.apply(environment));
    }

    /** Makes {@code catalog} the current catalog. */
    public void useCatalog(String catalog) {
        onSessionThread(() -> {
            environment.useCatalog(catalog);
            return null;
        });
    }

    /** Makes {@code database} the current database of the current catalog. */
    public void useDatabase(String database) {
        onSessionThread(() -> {
            environment.useDatabase(database);
            return null;
        });
    }

    /** The current catalog. */
    public String currentCatalog() {
        return onSessionThread(environment::getCurrentCatalog);
    }

    /** The current database. */
    public String currentDatabase() {
        return onSessionThread(environment::getCurrentDatabase);
    }

    /** The session time zone. */
    public ZoneId zone() {
        return environment.getConfig().getLocalTimeZone();
    }

    private SessionResult executeHere(ClassifiedStatement statement) throws Exception {
        switch (statement.kind()) {
            case SET:
                return set(statement);
            case RESET:
                return reset(statement);
            default:
                break;
        }
        if (sandbox.enabled() || catalogs.restricted()) {
            for (Operation operation : ((TableEnvironmentInternal) environment).getParser().parse(statement.sql())) {
                catalogs.checkRights(operation);
                if (sandbox.enabled()) {
                    sandbox.check(operation);
                    checkSessionJob(operation);
                }
            }
        }
        TableResult result = environment.executeSql(statement.sql());
        if (result.getJobClient().isPresent()) {
            // INSERT and other jobs run in the session: wait for them so errors reach the client.
            result.await();
            return SessionResult.updateCount(0);
        }
        switch (result.getResultKind()) {
            case SUCCESS:
                return SessionResult.updateCount(0);
            case SUCCESS_WITH_CONTENT:
                return collect(result);
        }
        throw new AssertionError(result.getResultKind());
    }

    private SessionResult collect(TableResult result) throws Exception {
        ResolvedSchema schema = result.getResolvedSchema();
        RowType rowType = (RowType) schema.toPhysicalRowDataType().getLogicalType();
        List<LogicalType> types = rowType.getChildren();
        ZoneId zone = zone();
        List<Object[]> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                Object[] values = new Object[types.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = JdbcValues.fromExternal(row.getField(i), types.get(i), zone);
                }
                rows.add(values);
            }
        }
        return SessionResult.rows(rowType, rows);
    }

    private SessionResult set(ClassifiedStatement statement) {
        if (statement.argument().isEmpty()) {
            return keyValueRows(currentConfiguration());
        }
        String key = statement.argument().get();
        if (statement.value().isEmpty()) {
            String value = currentConfiguration().get(key);
            return keyValueRows(value == null ? Map.of() : Map.of(key, value));
        }
        sandbox.checkSetting(key, statement.value().get());
        if (key.equals("execution.runtime-mode") && !statement.value().get().equalsIgnoreCase("batch")) {
            throw new GatewayException(
                    ErrorCode.UNSUPPORTED_STATEMENT,
                    "flinkgw sessions run in batch mode; 'execution.runtime-mode' cannot be changed");
        }
        environment.getConfig().getConfiguration().setString(key, statement.value().get());
        return SessionResult.updateCount(0);
    }

    private SessionResult reset(ClassifiedStatement statement) {
        Configuration configuration = environment.getConfig().getConfiguration();
        if (statement.argument().isEmpty()) {
            for (String key : configuration.keySet()) {
                if (!initialConfiguration.containsKey(key)) {
                    configuration.removeKey(key);
                }
            }
            initialConfiguration.forEach(configuration::setString);
            return SessionResult.updateCount(0);
        }
        String key = statement.argument().get();
        String initial = initialConfiguration.get(key);
        if (initial == null) {
            configuration.removeKey(key);
        } else {
            configuration.setString(key, initial);
        }
        return SessionResult.updateCount(0);
    }

    private Map<String, String> currentConfiguration() {
        Map<String, String> merged = new TreeMap<>(initialConfiguration);
        merged.putAll(environment.getConfig().getConfiguration().toMap());
        merged.remove(TableConfigOptions.TABLE_DML_SYNC.key());
        return merged;
    }

    private static SessionResult keyValueRows(Map<String, String> entries) {
        RowType rowType =
                RowType.of(
                        new LogicalType[] {new VarCharType(false, VarCharType.MAX_LENGTH), new VarCharType(false, VarCharType.MAX_LENGTH)},
                        new String[] {"key", "value"});
        List<Object[]> rows = new ArrayList<>();
        new TreeMap<>(entries).forEach((key, value) -> rows.add(new Object[] {key, value}));
        return SessionResult.rows(rowType, rows);
    }

    private <T> T onSessionThread(Callable<T> work) {
        Future<T> future = thread.submit(() -> {
            if (environment != null) {
                // a catalog another session dropped is gone for this one from its next call on
                catalogs.refresh(environment);
            }
            return work.call();
        });
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.INTERNAL_ERROR, "Interrupted while running a statement", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new GatewayException(ErrorCode.INTERNAL_ERROR, cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
