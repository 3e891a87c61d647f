package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Real third-party clients, used as their users use them: jOOQ with its generic dialect (ANSI double
 * quotes, bind values), Spring's JDBC templates with {@code java.time} parameters over a HikariCP pool.
 */
class ThirdPartyClientsTest extends SharedGatewayTest {

    @Test
    void jooqWithItsGenericDialectRunsItsQuotedSqlAndBindValues() throws Exception {
        try (Connection connection = gateway.connect()) {
            DSLContext jooq = DSL.using(connection, SQLDialect.DEFAULT);
            Integer count = jooq.select(DSL.count().as("c"))
                    .from(DSL.select(DSL.inline(1).as("x")).asTable("t"))
                    .fetchOne(0, Integer.class);
            assertThat(count).isEqualTo(1);

            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE jooq_numbers (id BIGINT) WITH ('connector'='datagen',"
                        + " 'number-of-rows'='10', 'rows-per-second'='1000000000', 'fields.id.kind'='sequence',"
                        + " 'fields.id.start'='1', 'fields.id.end'='10')");
            }
            Result<Record1<Long>> rows = jooq.select(DSL.field(DSL.name("id"), Long.class))
                    .from(DSL.table(DSL.name("jooq_numbers")))
                    .where(DSL.field(DSL.name("id"), Long.class).gt(7L))
                    .orderBy(DSL.field(DSL.name("id")))
                    .fetch();
            assertThat(rows.getValues(0, Long.class)).containsExactly(8L, 9L, 10L);
        }
    }

    @Test
    void springTemplatesOverAHikariPoolBindJavaTimeParametersAndReadThemBackExactly() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(gateway.url());
        config.setUsername("tester");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(pool);
            LocalDate day = LocalDate.of(2024, 5, 6);
            assertThat(named.queryForObject("SELECT CAST(:day AS DATE) + INTERVAL '1' DAY AS next_day",
                    Map.of("day", day), LocalDate.class)).isEqualTo(day.plusDays(1));

            LocalDateTime instant = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_789);
            assertThat(named.queryForObject("SELECT CAST(:ts AS TIMESTAMP(9)) AS ts", Map.of("ts", instant),
                    LocalDateTime.class)).isEqualTo(instant);

            JdbcTemplate plain = new JdbcTemplate(pool);
            List<Map<String, Object>> rows = plain.queryForList(
                    "SELECT x, y FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y) WHERE x > ? ORDER BY x", 1);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("x", 2).containsEntry("y", "b");
        }
    }
}
