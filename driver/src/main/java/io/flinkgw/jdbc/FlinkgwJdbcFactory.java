package io.flinkgw.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
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
        return new PreparedStatementImpl(connection, handle, signature, type, concurrency, holdability);
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
        return new AvaticaResultSetMetaData(statement, null, signature);
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

    private static StatementSupport support(AvaticaStatement statement, AvaticaConnection connection) {
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

        /** A refusal of the gateway (a statement cap: 53400) arrives as a runtime error; JDBC expects a SQLException. */
        @Override
        public AvaticaStatement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
                throws SQLException {
            try {
                return super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
            } catch (AvaticaClientRuntimeException e) {
                throw new SQLException(e.getMessage(), e.getSqlState(), e.getErrorCode(), e);
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

    private static final class PreparedStatementImpl extends AvaticaPreparedStatement
            implements FlinkgwStatement, StatementSupport.Supported {
        private final StatementSupport support;
        private final java.util.Map<Integer, Integer> nullTypes = new java.util.HashMap<>();

        PreparedStatementImpl(
                AvaticaConnection connection, Meta.StatementHandle handle, Meta.Signature signature, int type,
                int concurrency, int holdability) throws SQLException {
            super(connection, handle, signature, type, concurrency, holdability);
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

        /** Remembers the SQL type of a null, which Avatica's protobuf drops, to declare it to the gateway. */
        @Override
        public void setNull(int parameterIndex, int sqlType) throws SQLException {
            super.setNull(parameterIndex, sqlType);
            nullTypes.put(parameterIndex - 1, sqlType);
        }

        @Override
        public void clearParameters() throws SQLException {
            super.clearParameters();
            nullTypes.clear();
        }

        private void declareNullTypes() throws SQLException {
            nullTypes.keySet().removeIf(index -> index >= slots.length || slots[index] == null || slots[index].value != null);
            if (!nullTypes.isEmpty()) {
                GatewayCalls.declareNullTypes(connection, handle, nullTypes);
            }
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            declareNullTypes();
            return support.execute(super::executeQuery);
        }

        @Override
        public boolean execute() throws SQLException {
            declareNullTypes();
            return support.execute(super::execute);
        }

        @Override
        public long executeLargeUpdate() throws SQLException {
            declareNullTypes();
            return support.execute(super::executeLargeUpdate);
        }

        @Override
        public void close() throws SQLException {
            support.close(super::close);
        }
    }
}
