package io.flinkgw.jdbc;

import io.flinkgw.protocol.ParameterDeclaration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica's prepared statement with what Avatica's execute request cannot carry, declared to the
 * gateway beside each execution ({@link ParameterDeclaration}): the types of null parameters, java.time
 * and sub-millisecond parameters as typed text (JDBC 4.2 {@code setObject}), and the row limit.
 */
final class FlinkgwPreparedStatement extends AvaticaPreparedStatement
        implements FlinkgwStatement, StatementSupport.Supported {
    private final StatementSupport support;
    private final Map<Integer, Integer> nullTypes = new HashMap<>();
    private final Map<Integer, TemporalParameters.Declared> temporalTexts = new HashMap<>();

    FlinkgwPreparedStatement(
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
        temporalTexts.clear();
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        Optional<TemporalParameters.Declared> declared = TemporalParameters.of(x, zone());
        if (declared.isPresent()) {
            setDeclared(parameterIndex, declared.get());
        } else {
            super.setObject(parameterIndex, x);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        Optional<TemporalParameters.Declared> declared =
                x == null ? Optional.empty() : TemporalParameters.of(x, targetSqlType, zone());
        if (declared.isPresent()) {
            setDeclared(parameterIndex, declared.get());
        } else if (x != null && targetSqlType != Types.OTHER && x instanceof Temporal) {
            super.setString(parameterIndex, x.toString());
        } else {
            super.setObject(parameterIndex, x, targetSqlType);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        if (x instanceof Temporal || TemporalParameters.of(x, targetSqlType, zone()).isPresent()) {
            setObject(parameterIndex, x, targetSqlType);
        } else {
            super.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        setObject(parameterIndex, x, vendorTypeNumber(targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(parameterIndex, x, vendorTypeNumber(targetSqlType), scaleOrLength);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        setObject(parameterIndex, x);
    }

    private static int vendorTypeNumber(SQLType type) throws SQLException {
        if (type == null || type.getVendorTypeNumber() == null) {
            throw SqlStates.unsupportedParameter("Unknown SQL type " + type);
        }
        return type.getVendorTypeNumber();
    }

    private ZoneId zone() {
        return connection.getTimeZone().toZoneId();
    }

    private void setDeclared(int parameterIndex, TemporalParameters.Declared declared) throws SQLException {
        super.setString(parameterIndex, declared.text());
        temporalTexts.put(parameterIndex - 1, declared);
    }

    /**
     * Tells the gateway what Avatica's execute request cannot carry: the SQL types of null parameters
     * and of date/time parameters sent as text, and the row limit (setMaxRows).
     */
    private void declareParameters() throws SQLException {
        nullTypes.keySet().removeIf(index -> index >= slots.length || slots[index] == null || slots[index].value != null);
        // a text still bound as a date or time is the very string object set by setDeclared
        temporalTexts.entrySet().removeIf(entry -> entry.getKey() >= slots.length || slots[entry.getKey()] == null
                || slots[entry.getKey()].value != entry.getValue().text());
        Map<Integer, Integer> declared = new HashMap<>(nullTypes);
        temporalTexts.forEach((index, text) -> declared.put(index, text.sqlType()));
        ParameterDeclaration declaration = new ParameterDeclaration(declared, Math.max(0, getLargeMaxRows()));
        if (!declaration.isEmpty()) {
            GatewayCalls.declare(connection, handle, declaration);
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        declareParameters();
        return support.execute(super::executeQuery);
    }

    @Override
    public boolean execute() throws SQLException {
        declareParameters();
        return support.execute(super::execute);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        declareParameters();
        return support.execute(super::executeLargeUpdate);
    }

    @Override
    public void close() throws SQLException {
        support.close(super::close);
    }
}
