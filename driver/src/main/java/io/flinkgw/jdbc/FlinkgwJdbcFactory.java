package io.flinkgw.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;
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
        return new DatabaseMetaDataImpl(connection);
    }

    @Override
    public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature) {
        return new AvaticaResultSetMetaData(statement, null, signature);
    }

    /** Whether a connection fetches long results in binary frames (property {@code fast_fetch}, default true). */
    static boolean fastFetchEnabled(AvaticaConnection connection) {
        return connection instanceof FlinkgwConnection flinkgw && flinkgw.fastFetch();
    }

    private static final class FlinkgwConnection extends AvaticaConnection {
        FlinkgwConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
            super(driver, factory, url, info);
        }

        /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
        @Override
        public void close() throws SQLException {
            try {
                super.close();
            } catch (SQLException e) {
                if (!ConnectionErrors.isConnectionError(ConnectionErrors.classify(e, "08006"))) {
                    throw e;
                }
            }
        }

        boolean fastFetch() {
            return info == null || Boolean.parseBoolean(info.getProperty("fast_fetch", "true"));
        }
    }

    private static final class DatabaseMetaDataImpl extends AvaticaDatabaseMetaData {
        DatabaseMetaDataImpl(AvaticaConnection connection) {
            super(connection);
        }
    }

    private static final class StatementImpl extends AvaticaStatement implements FlinkgwStatement {
        StatementImpl(AvaticaConnection connection, Meta.StatementHandle handle, int type, int concurrency, int holdability) {
            super(connection, handle, type, concurrency, holdability);
        }

        @Override
        public String getQueryId() throws SQLException {
            return QueryIdLookup.lookUp(connection, handle);
        }

        /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
        @Override
        public void close() throws SQLException {
            try {
                super.close();
            } catch (SQLException e) {
                if (!ConnectionErrors.isConnectionError(ConnectionErrors.classify(e, "08006"))) {
                    throw e;
                }
            }
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            try {
                return super.executeQuery(sql);
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }

        @Override
        public boolean execute(String sql) throws SQLException {
            try {
                return super.execute(sql);
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }

        @Override
        public long executeLargeUpdate(String sql) throws SQLException {
            try {
                return super.executeLargeUpdate(sql);
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }
    }

    private static final class PreparedStatementImpl extends AvaticaPreparedStatement implements FlinkgwStatement {
        PreparedStatementImpl(
                AvaticaConnection connection, Meta.StatementHandle handle, Meta.Signature signature, int type,
                int concurrency, int holdability) throws SQLException {
            super(connection, handle, signature, type, concurrency, holdability);
        }

        @Override
        public String getQueryId() throws SQLException {
            return QueryIdLookup.lookUp(connection, handle);
        }

        /** Closing against a gateway that is gone succeeds: nothing is left there to release. */
        @Override
        public void close() throws SQLException {
            try {
                super.close();
            } catch (SQLException e) {
                if (!ConnectionErrors.isConnectionError(ConnectionErrors.classify(e, "08006"))) {
                    throw e;
                }
            }
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            try {
                return super.executeQuery();
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }

        @Override
        public boolean execute() throws SQLException {
            try {
                return super.execute();
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }

        @Override
        public long executeLargeUpdate() throws SQLException {
            try {
                return super.executeLargeUpdate();
            } catch (SQLException e) {
                throw ConnectionErrors.classify(e, "08006");
            }
        }
    }
}
