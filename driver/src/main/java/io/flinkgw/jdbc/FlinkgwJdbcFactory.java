package io.flinkgw.jdbc;

import io.flinkgw.protocol.ParameterDeclaration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLType;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/** Creates flinkgw's JDBC objects; Avatica instantiates it by name, so it must stay public. */
public final class FlinkgwJdbcFactory implements AvaticaFactory {

    /** Required by Avatica, which creates the factory reflectively. */
    public FlinkgwJdbcFactory() {}

    @Override
    public int getJdbcMajorVersion() {
        return 4;
    }

    @Override
    public int getJdbcMinorVersion() {
        return 2;
    }

    @Override
    public AvaticaConnection newConnection(
            UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
        return new FlinkgwConnection(driver, factory, url, info);
    }

    @Override
    public AvaticaStatement newStatement(
            AvaticaConnection connection, Meta.StatementHandle handle, int type, int concurrency, int holdability) {
        return new StatementImpl(connection, handle, type, concurrency, holdability);
    }

    @Override
    public AvaticaPreparedStatement newPreparedStatement(
            AvaticaConnection connection, Meta.StatementHandle handle, Meta.Signature signature, int type, int concurrency,
            int holdability) throws SQLException {
        return new FlinkgwPreparedStatement(connection, handle, signature, type, concurrency, holdability);
    }

    @Override
    public AvaticaResultSet newResultSet(
            AvaticaStatement statement, QueryState state, Meta.Signature signature, TimeZone timeZone, Meta.Frame firstFrame)
            throws SQLException {
        ResultSetMetaData metaData = newResultSetMetaData(statement, signature);
        return new FlinkgwResultSet(statement, state, signature, metaData, timeZone, firstFrame);
    }

    @Override
    public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
        return new FlinkgwDatabaseMetaData(connection);
    }

    @Override
    public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature) {
        return new ResultSetMetaDataImpl(statement, signature);
    }

    /** Avatica's metadata, with the type name Flink and getTypeInfo give ROW columns (Avatica's struct type says STRUCT). */
    private static final class ResultSetMetaDataImpl extends AvaticaResultSetMetaData {
        ResultSetMetaDataImpl(AvaticaStatement statement, Meta.Signature signature) {
            super(statement, null, signature);
        }

        @Override
        public String getColumnTypeName(int column) throws SQLException {
            String name = super.getColumnTypeName(column);
            return getColumnType(column) == Types.STRUCT && "STRUCT".equals(name) ? "ROW" : name;
        }
    }

    /** Whether a connection fetches long results in binary frames (property {@code fast_fetch}, default true). */
    static boolean fastFetchEnabled(AvaticaConnection connection) {
        return connection instanceof FlinkgwConnection flinkgw && flinkgw.fastFetch();
    }

    /** A property the gateway reports about the database (product name and version, vocabulary). */
    static <T> T databaseProperty(AvaticaConnection connection, Meta.DatabaseProperty property, Class<T> type) {
        FlinkgwConnection flinkgw = (FlinkgwConnection) connection;
        return property.getProp(flinkgw.meta(), flinkgw.handle, type);
    }

    static StatementSupport support(AvaticaStatement statement, AvaticaConnection connection) {
        return new StatementSupport(statement, connection, ((FlinkgwConnection) connection).timers());
    }

    private static final class FlinkgwConnection extends AvaticaConnection {
        private ScheduledThreadPoolExecutor timers;

        FlinkgwConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
            super(driver, factory, url, info);
        }

        Meta meta() {
            return meta;
        }

        boolean fastFetch() {
            return info == null || Boolean.parseBoolean(info.getProperty("fast_fetch", "true"));
        }

        /** The connection's timer thread for query timeouts, started on first use, ended by close(). */
        synchronized ScheduledExecutorService timers() {
            if (timers == null) {
                timers = new ScheduledThreadPoolExecutor(1, runnable -> {
                    Thread thread = new Thread(runnable, "flinkgw-query-timeout");
                    thread.setDaemon(true);
                    return thread;
                });
                timers.setRemoveOnCancelPolicy(true);
            }
            return timers;
        }

        /** Flink has no transactions: every statement stands alone. */
        @Override
        public int getTransactionIsolation() throws SQLException {
            checkOpen();
            return Connection.TRANSACTION_NONE;
        }

        @Override
        public void setTransactionIsolation(int level) throws SQLException {
            checkOpen();
            if (level != Connection.TRANSACTION_NONE) {
                throw SqlStates.unsupported("flinkgw has no transactions: only TRANSACTION_NONE is available");
            }
        }

        /** The session's current catalog, asked of the gateway: a USE CATALOG statement changes it there. */
        @Override
        public String getCatalog() throws SQLException {
            return current("SHOW CURRENT CATALOG");
        }

        /** The session's current database (a JDBC schema), asked of the gateway: a USE statement changes it there. */
        @Override
        public String getSchema() throws SQLException {
            return current("SHOW CURRENT DATABASE");
        }

        private String current(String sql) throws SQLException {
            checkOpen();
            try (Statement statement = createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            }
        }

        /** No user-defined type mappings: an empty map, which callers may fill and hand back. */
        @Override
        public Map<String, Class<?>> getTypeMap() throws SQLException {
            checkOpen();
            return new HashMap<>();
        }

        @Override
        public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
            checkOpen();
            if (map != null && !map.isEmpty()) {
                throw SqlStates.unsupported("flinkgw maps no user-defined types");
            }
        }

        /** A refusal of the gateway (a statement cap: 53400) arrives as a runtime error; JDBC expects a SQLException. */
        @Override
        public AvaticaStatement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
                throws SQLException {
            try {
                return super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
            } catch (AvaticaClientRuntimeException e) {
                throw SqlStates.fromGateway(e.getMessage(), e.getSqlState(), e.getErrorCode());
            }
        }

        /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
        @Override
        public void close() throws SQLException {
            synchronized (this) {
                if (timers != null) {
                    timers.shutdownNow();
                }
            }
            ConnectionErrors.closeIgnoringLostGateway(super::close);
        }
    }

    private static final class StatementImpl extends AvaticaStatement implements FlinkgwStatement, StatementSupport.Supported {
        private final StatementSupport support;

        StatementImpl(AvaticaConnection connection, Meta.StatementHandle handle, int type, int concurrency, int holdability) {
            super(connection, handle, type, concurrency, holdability);
            this.support = FlinkgwJdbcFactory.support(this, connection);
        }

        @Override
        public StatementSupport support() {
            return support;
        }

        @Override
        public String getQueryId() throws SQLException {
            return support.queryId();
        }

        @Override
        public void cancel() throws SQLException {
            support.cancel(super::cancel);
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            return support.execute(() -> super.executeQuery(sql));
        }

        @Override
        public boolean execute(String sql) throws SQLException {
            return support.execute(() -> super.execute(sql));
        }

        @Override
        public long executeLargeUpdate(String sql) throws SQLException {
            return support.execute(() -> super.executeLargeUpdate(sql));
        }

        @Override
        public void close() throws SQLException {
            support.close(super::close);
        }
    }
}
