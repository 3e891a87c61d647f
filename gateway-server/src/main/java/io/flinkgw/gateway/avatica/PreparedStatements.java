package io.flinkgw.gateway.avatica;

import io.flinkgw.dialect.SqlParameters;
import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.session.FlinkSession;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Prepared statements: Flink has no server-side parameters, so each {@code ?} is replaced by a typed
 * SQL literal (rendered by the dialect, never by concatenating raw text) when the statement runs.
 */
final class PreparedStatements {

    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    private PreparedStatements() {}

    /** The parameters a statement declares: Flink cannot type them before they are bound. */
    static List<AvaticaParameter> parameters(int count) {
        List<AvaticaParameter> parameters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parameters.add(new AvaticaParameter(false, 0, 0, Types.OTHER, "ANY", Object.class.getName(), "?" + (i + 1)));
        }
        return parameters;
    }

    /** The columns of a prepared query, when Flink can tell them with its parameters unbound (as NULL). */
    static List<ColumnMetaData> describe(FlinkSession session, String sql, int parameterCount) {
        try {
            String probe = parameterCount == 0
                    ? sql
                    : SqlParameters.bind(sql, Collections.nCopies(parameterCount, null), Collections.nCopies(parameterCount, Types.NULL));
            return Columns.of(session.describe(probe));
        } catch (RuntimeException e) {
            // the query's columns depend on its parameters' types; the execute answers them
            return List.of();
        }
    }

    /**
     * The statement with its parameters bound as literals. {@code declaredTypes} (0-based index to
     * java.sql.Types, sent by the flinkgw driver) types null parameters, and date/time parameters the
     * driver sends as text to keep their nanoseconds.
     */
    static String bind(String sql, List<TypedValue> parameterValues, java.util.Map<Integer, Integer> declaredTypes) {
        List<Object> values = new ArrayList<>(parameterValues.size());
        List<Integer> sqlTypes = new ArrayList<>(parameterValues.size());
        for (int i = 0; i < parameterValues.size(); i++) {
            TypedValue value = parameterValues.get(i);
            Object java = toJava(value);
            values.add(java instanceof String text && declaredTypes.containsKey(i) ? temporal(text, declaredTypes.get(i)) : java);
            int type = sqlType(value.type);
            sqlTypes.add(value.value == null ? declaredTypes.getOrDefault(i, type) : type);
        }
        try {
            return SqlParameters.bind(sql, values, sqlTypes);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETERS, e.getMessage(), e);
        }
    }

    /** Date and time text (ISO, or with a space between date and time) as the declared type's value. */
    private static Object temporal(String text, int sqlType) {
        try {
            switch (sqlType) {
                case Types.DATE:
                    return LocalDate.parse(text.trim());
                case Types.TIME:
                    return LocalTime.parse(text.trim());
                case Types.TIMESTAMP:
                    return LocalDateTime.parse(text.trim().replace(' ', 'T'));
                default:
                    return text;
            }
        } catch (DateTimeParseException e) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETERS, "Not a date or time of SQL type " + sqlType + ": '" + text + "'", e);
        }
    }

    /** Avatica's wire values as plain Java values; dates and times are wall-clock values. */
    private static Object toJava(TypedValue value) {
        if (value.value == null) {
            return null;
        }
        switch (value.type) {
            case JAVA_SQL_TIMESTAMP:
            case JAVA_UTIL_DATE:
                return LocalDateTime.ofEpochSecond(
                        Math.floorDiv(((Number) value.value).longValue(), 1000), 
                        (int) Math.floorMod(((Number) value.value).longValue(), 1000) * 1_000_000, ZoneOffset.UTC);
            case JAVA_SQL_DATE:
                return LocalDate.ofEpochDay(((Number) value.value).longValue());
            case JAVA_SQL_TIME:
                return LocalTime.ofNanoOfDay(((Number) value.value).longValue() * 1_000_000L);
            default:
                return value.toJdbc(UTC);
        }
    }

    private static int sqlType(ColumnMetaData.Rep rep) {
        switch (rep) {
            case PRIMITIVE_BOOLEAN:
            case BOOLEAN:
                return Types.BOOLEAN;
            case PRIMITIVE_BYTE:
            case BYTE:
                return Types.TINYINT;
            case PRIMITIVE_SHORT:
            case SHORT:
                return Types.SMALLINT;
            case PRIMITIVE_INT:
            case INTEGER:
                return Types.INTEGER;
            case PRIMITIVE_LONG:
            case LONG:
                return Types.BIGINT;
            case PRIMITIVE_FLOAT:
            case FLOAT:
                return Types.REAL;
            case PRIMITIVE_DOUBLE:
            case DOUBLE:
                return Types.DOUBLE;
            case NUMBER:
                return Types.DECIMAL;
            case STRING:
            case PRIMITIVE_CHAR:
            case CHARACTER:
                return Types.VARCHAR;
            case BYTE_STRING:
                return Types.VARBINARY;
            case JAVA_SQL_DATE:
                return Types.DATE;
            case JAVA_SQL_TIME:
                return Types.TIME;
            case JAVA_SQL_TIMESTAMP:
            case JAVA_UTIL_DATE:
                return Types.TIMESTAMP;
            default:
                return Types.OTHER;
        }
    }
}
