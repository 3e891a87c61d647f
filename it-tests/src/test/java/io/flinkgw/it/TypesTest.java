package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Flink type JDBC can carry, through a persisted result and the wire, back to typed values. */
class TypesTest extends SharedGatewayTest {


    @Test
    void everyTypeRoundTripsWithMetadataAndValues() throws Exception {
        String sql = "SELECT TRUE AS b, CAST(-7 AS TINYINT) AS ti, CAST(-300 AS SMALLINT) AS si, -70000 AS i,"
                + " CAST(-9000000000 AS BIGINT) AS bi, CAST(1.5 AS FLOAT) AS f, CAST(2.25 AS DOUBLE) AS d,"
                + " CAST('12345678901234567890.1234567890' AS DECIMAL(38, 10)) AS dc,"
                + " CAST('ab' AS CHAR(5)) AS ch, CAST('hello' AS VARCHAR(10)) AS vc, CAST('text' AS STRING) AS s,"
                + " CAST(X'0102' AS BINARY(2)) AS bin, CAST(X'0A0B0C' AS BYTES) AS vb,"
                + " DATE '2024-02-29' AS dt, TIME '13:14:15' AS tm, TIMESTAMP '2024-02-29 13:14:15.123' AS ts,"
                + " CAST(TIMESTAMP '2024-02-29 13:14:15.123' AS TIMESTAMP_LTZ(3)) AS ltz,"
                + " ARRAY[1, 2, 3] AS arr, MAP['k', 1] AS m, ROW(1, 'x') AS r";
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData metaData = rows.getMetaData();
            int[] expectedTypes = {Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
                Types.DOUBLE, Types.DECIMAL, Types.CHAR, Types.VARCHAR, Types.VARCHAR, Types.BINARY, Types.VARBINARY,
                Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP, Types.ARRAY, Types.JAVA_OBJECT, Types.STRUCT};
            for (int i = 0; i < expectedTypes.length; i++) {
                assertThat(metaData.getColumnType(i + 1)).as("type of column %s", metaData.getColumnLabel(i + 1))
                        .isEqualTo(expectedTypes[i]);
            }
            assertThat(metaData.getPrecision(8)).isEqualTo(38);
            assertThat(metaData.getScale(8)).isEqualTo(10);
            // the names getTypeInfo lists, which generic tools map: STRING is VARCHAR, BYTES is VARBINARY
            assertThat(metaData.getColumnTypeName(11)).isEqualTo("VARCHAR");
            assertThat(metaData.getColumnTypeName(13)).isEqualTo("VARBINARY");
            assertThat(metaData.getColumnTypeName(18)).isEqualTo("ARRAY");
            assertThat(metaData.getColumnTypeName(19)).isEqualTo("MAP");
            assertThat(metaData.getColumnTypeName(20)).isEqualTo("ROW");
            assertThat(metaData.getColumnTypeName(17)).isEqualTo("TIMESTAMP_LTZ");
            assertThat(metaData.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);

            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean("b")).isTrue();
            assertThat(rows.getObject("b")).isEqualTo(Boolean.TRUE);
            assertThat(rows.getByte("ti")).isEqualTo((byte) -7);
            assertThat(rows.getShort("si")).isEqualTo((short) -300);
            assertThat(rows.getInt("i")).isEqualTo(-70000);
            assertThat(rows.getObject("i")).isEqualTo(-70000);
            assertThat(rows.getLong("bi")).isEqualTo(-9_000_000_000L);
            assertThat(rows.getObject("bi")).isEqualTo(-9_000_000_000L);
            assertThat(rows.getString("bi")).isEqualTo("-9000000000");
            assertThat(rows.getFloat("f")).isEqualTo(1.5f);
            assertThat(rows.getDouble("d")).isEqualTo(2.25);
            assertThat(rows.getBigDecimal("dc")).isEqualTo(new BigDecimal("12345678901234567890.1234567890"));
            assertThat(rows.getString("dc")).isEqualTo("12345678901234567890.1234567890");
            assertThat(rows.getString("ch")).isEqualTo("ab   ");
            assertThat(rows.getString("vc")).isEqualTo("hello");
            assertThat(rows.getString("s")).isEqualTo("text");
            assertThat(rows.getBytes("bin")).containsExactly(1, 2);
            assertThat(rows.getBytes("vb")).containsExactly(10, 11, 12);
            assertThat(rows.getDate("dt")).isEqualTo(Date.valueOf("2024-02-29"));
            assertThat(rows.getString("dt")).isEqualTo("2024-02-29");
            assertThat(rows.getTime("tm")).isEqualTo(Time.valueOf("13:14:15"));
            assertThat(rows.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-02-29 13:14:15.123"));
            assertThat(rows.getString("ts")).isEqualTo("2024-02-29 13:14:15.123");
            assertThat(rows.getTimestamp("ltz")).isEqualTo(Timestamp.valueOf("2024-02-29 13:14:15.123"));
            Array array = rows.getArray("arr");
            assertThat((Object[]) array.getArray()).containsExactly(1, 2, 3);
            assertThat(rows.getObject("m")).isEqualTo(Map.of("k", 1));
            Struct struct = (Struct) rows.getObject("r");
            assertThat(struct.getAttributes()).containsExactly(1, "x");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void nullsOfEveryTypeSetWasNull() throws Exception {
        String[] types = {"BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(20, 4)",
            "CHAR(3)", "STRING", "BINARY(2)", "BYTES", "DATE", "TIME", "TIMESTAMP(3)", "TIMESTAMP_LTZ(3)",
            "ARRAY<INT>", "MAP<STRING, INT>", "ROW<a INT>"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < types.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(types[i]).append(") AS c").append(i);
        }
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.toString())) {
            assertThat(rows.next()).isTrue();
            for (int i = 1; i <= types.length; i++) {
                assertThat(rows.getObject(i)).as("column of type %s", types[i - 1]).isNull();
                assertThat(rows.wasNull()).isTrue();
                assertThat(rows.getString(i)).isNull();
            }
            assertThat(rows.getInt(4)).isZero();
            assertThat(rows.wasNull()).isTrue();
            assertThat(rows.getMetaData().isNullable(1)).isEqualTo(ResultSetMetaData.columnNullable);
        }
    }

    @Test
    void numbersConvertLikeAMatureDriver() throws Exception {
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT 42 AS i, CAST(3.75 AS DECIMAL(10, 2)) AS dc, CAST('7' AS STRING) AS s, 2.5e0 AS d")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("i")).isEqualTo("42");
            assertThat(rows.getBigDecimal("i")).isEqualTo(new BigDecimal("42"));
            assertThat(rows.getDouble("i")).isEqualTo(42.0);
            assertThat(rows.getLong("dc")).isEqualTo(3L);
            assertThat(rows.getDouble("dc")).isEqualTo(3.75);
            assertThat(rows.getString("dc")).isEqualTo("3.75");
            assertThat(rows.getInt("s")).isEqualTo(7);
            assertThat(rows.getString("d")).isEqualTo("2.5");
        }
    }
}
