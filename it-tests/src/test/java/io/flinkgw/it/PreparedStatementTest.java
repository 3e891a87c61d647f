package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** PreparedStatement parameters, bound safely on the gateway, and JDBC escape syntax. */
class PreparedStatementTest extends SharedGatewayTest {


    @Test
    void parametersOfEveryTypeAreBoundAsTypedLiterals() throws Exception {
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ? AS i, ? AS l, ? AS s, ? AS d, ? AS b, ? AS dt, ? AS ts, ? AS n, ? AS dbl")) {
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(9);
            statement.setInt(1, 42);
            statement.setLong(2, -9_000_000_000L);
            statement.setString(3, "it's ' OR '1'='1");
            statement.setBigDecimal(4, new BigDecimal("12345.6789"));
            statement.setBoolean(5, true);
            statement.setDate(6, Date.valueOf("2024-02-29"));
            statement.setTimestamp(7, Timestamp.valueOf("2024-02-29 13:14:15.123"));
            statement.setNull(8, Types.INTEGER);
            statement.setDouble(9, 2.5);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("i")).isEqualTo(42);
                assertThat(rows.getLong("l")).isEqualTo(-9_000_000_000L);
                assertThat(rows.getString("s")).isEqualTo("it's ' OR '1'='1");
                assertThat(rows.getBigDecimal("d")).isEqualByComparingTo("12345.6789");
                assertThat(rows.getBoolean("b")).isTrue();
                assertThat(rows.getDate("dt")).isEqualTo(Date.valueOf("2024-02-29"));
                assertThat(rows.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-02-29 13:14:15.123"));
                rows.getObject("n");
                assertThat(rows.wasNull()).isTrue();
                assertThat(rows.getDouble("dbl")).isEqualTo(2.5);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void reExecutingRunsANewQueryWithTheNewValues() throws Exception {
        try (Connection connection = gateway.connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TEMPORARY TABLE nums (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='100',"
                        + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='100')");
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) AS c FROM nums WHERE id <= ?")) {
                assertThat(statement.getMetaData().getColumnLabel(1)).isEqualTo("c");
                statement.setInt(1, 10);
                String firstQuery;
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(10);
                    firstQuery = statement.unwrap(FlinkgwStatement.class).getQueryId();
                }
                statement.setInt(1, 55);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(55);
                }
                assertThat(statement.unwrap(FlinkgwStatement.class).getQueryId()).isNotEqualTo(firstQuery);
            }
        }
    }

    @Test
    void missingParameterIsAClearError() throws Exception {
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT ? + ?")) {
            statement.setInt(1, 1);
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void jdbcEscapesAreTranslated() throws Exception {
        try (Connection connection = gateway.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT {fn UCASE('abc')} AS u, {d '2024-01-02'} AS d,"
                        + " {ts '2024-01-02 03:04:05'} AS ts, {fn LOCATE('b', 'abc')} AS p,"
                        + " CASE WHEN 'a_c' LIKE 'a!_c' {escape '!'} THEN 1 ELSE 0 END AS e")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("u")).isEqualTo("ABC");
            assertThat(rows.getDate("d")).isEqualTo(Date.valueOf("2024-01-02"));
            assertThat(rows.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-01-02 03:04:05"));
            assertThat(rows.getInt("p")).isEqualTo(2);
            assertThat(rows.getInt("e")).isEqualTo(1);
        }
    }
}
