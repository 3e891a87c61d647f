package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JDBC 4.2 libraries (Spring JDBC, jOOQ, HikariCP, DBeaver) call beyond plain queries. */
class JdbcSpecTest extends SharedGatewayTest {

    private static final LocalDateTime NANOS = LocalDateTime.parse("2024-05-06T07:08:09.123456789");

    @Test
    void javaTimeParametersBindExactlyWithAndWithoutATargetType() throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT CAST(? AS DATE), CAST(? AS TIME(3)), CAST(? AS TIMESTAMP(9)), CAST(? AS TIMESTAMP(9)),"
                                + " CAST(? AS TIMESTAMP(9)), CAST(? AS DATE), CAST(? AS TIMESTAMP(9)), CAST(? AS TIMESTAMP(9)),"
                                + " CAST(? AS TIMESTAMP(9)), CAST(? AS DATE), CAST(? AS DATE)")) {
            statement.setObject(1, LocalDate.parse("2024-02-29"));
            statement.setObject(2, LocalTime.parse("13:14:15.123"));
            statement.setObject(3, NANOS);
            statement.setObject(4, NANOS.atZone(zone).toOffsetDateTime());
            statement.setObject(5, NANOS.atZone(zone).toInstant());
            statement.setObject(6, LocalDate.parse("2024-03-01"), Types.DATE);
            statement.setObject(7, NANOS, JDBCType.TIMESTAMP);
            statement.setObject(8, NANOS.atZone(zone), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setTimestamp(9, Timestamp.valueOf(NANOS));
            statement.setObject(10, "2024-03-02", Types.DATE);
            // Spring's StatementCreatorUtils passes the parameter metadata's type, OTHER
            statement.setObject(11, LocalDate.parse("2024-03-03"), statement.getParameterMetaData().getParameterType(11));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, LocalDate.class)).isEqualTo(LocalDate.parse("2024-02-29"));
                assertThat(rows.getObject(2, LocalTime.class)).isEqualTo(LocalTime.parse("13:14:15.123"));
                for (int column : new int[] {3, 4, 5, 7, 8, 9}) {
                    assertThat(rows.getObject(column, LocalDateTime.class)).as("column %s", column).isEqualTo(NANOS);
                }
                assertThat(rows.getObject(6, LocalDate.class)).isEqualTo(LocalDate.parse("2024-03-01"));
                assertThat(rows.getObject(10, LocalDate.class)).isEqualTo(LocalDate.parse("2024-03-02"));
                assertThat(rows.getObject(11, LocalDate.class)).isEqualTo(LocalDate.parse("2024-03-03"));
            }
        }
    }

    @Test
    void getObjectConvertsToTheClassesLibrariesAskFor() throws Exception {
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 42 AS i, CAST(7 AS BIGINT) AS l, CAST('1.50' AS DECIMAL(5, 2)) AS d, 'text' AS s,"
                                + " TRUE AS b, X'0102' AS x, CAST('2024-05-06' AS STRING) AS dt");
                ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject("i", Integer.class)).isEqualTo(42);
            assertThat(rows.getObject("i", Long.class)).isEqualTo(42L);
            assertThat(rows.getObject("i", String.class)).isEqualTo("42");
            assertThat(rows.getObject("l", Long.class)).isEqualTo(7L);
            assertThat(rows.getObject("d", java.math.BigDecimal.class)).isEqualByComparingTo("1.50");
            assertThat(rows.getObject("d", Double.class)).isEqualTo(1.5);
            assertThat(rows.getObject("s", String.class)).isEqualTo("text");
            assertThat(rows.getObject("b", Boolean.class)).isTrue();
            assertThat(rows.getObject("x", byte[].class)).containsExactly(1, 2);
            assertThat(rows.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.parse("2024-05-06"));
            assertThatThrownBy(() -> rows.getObject("s", LocalDate.class))
                    .isInstanceOf(SQLException.class)
                    .extracting(error -> ((SQLException) error).getSQLState()).isEqualTo("22007");
        }
    }

    @Test
    void connectionReportsNoTransactionsAndAnEmptyTypeMap() throws Exception {
        try (Connection connection = gateway.connect()) {
            assertThat(connection.getTypeMap()).isEmpty();
            connection.setTypeMap(Map.of());
            connection.setTransactionIsolation(Connection.TRANSACTION_NONE);
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
            assertThat(connection.getMetaData().supportsTransactions()).isFalse();
            assertThat(connection.getMetaData().getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
            assertThatThrownBy(() -> connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void offsetValuesBecomeTheWallClockOfTheConnectionZone() throws Exception {
        OffsetDateTime utc = OffsetDateTime.of(NANOS, ZoneOffset.UTC);
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS TIMESTAMP(9))")) {
            statement.setObject(1, utc);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, Instant.class)).isEqualTo(utc.toInstant());
                assertThat(rows.getObject(1, ZonedDateTime.class).toInstant()).isEqualTo(utc.toInstant());
            }
        }
    }

    @Test
    void preparedStatementHonoursMaxRowsAndLargeMaxRows() throws Exception {
        try (Connection connection = gateway.connect()) {
            try (java.sql.Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TEMPORARY TABLE many_rows (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='200000',"
                        + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                        + " 'fields.id.end'='200000')");
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM many_rows WHERE id > ?")) {
                statement.setLong(1, 0);
                statement.setMaxRows(5);
                assertThat(count(statement)).isEqualTo(5);
                statement.setLargeMaxRows(3);
                assertThat(statement.getLargeMaxRows()).isEqualTo(3);
                assertThat(count(statement)).isEqualTo(3);
                statement.setMaxRows(0);
                statement.setLong(1, 199_990);
                assertThat(count(statement)).isEqualTo(10);
            }
        }
    }

    @Test
    void declaredTypesHoldForOneExecutionOnly() throws Exception {
        try (Connection connection = gateway.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS STRING)")) {
            statement.setObject(1, LocalDate.parse("2024-01-01"));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("2024-01-01");
            }
            // the same index, now plain text: no DATE declaration may linger from the previous execution
            statement.setString(1, "not a date");
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("not a date");
            }
        }
    }

    private static int count(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet results = statement.executeQuery()) {
            while (results.next()) {
                rows++;
            }
        }
        return rows;
    }
}
