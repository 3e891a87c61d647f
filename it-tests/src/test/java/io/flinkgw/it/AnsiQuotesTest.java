package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQL rendered for generic ANSI dialects (jOOQ's DEFAULT, BI tools) quotes identifiers with double
 * quotes; the gateway runs it unchanged, and Flink's backticks keep working beside it.
 */
class AnsiQuotesTest extends SharedGatewayTest {

    @Test
    void jooqShapedQueriesWithDoubleQuotedIdentifiersRun() throws Exception {
        try (Connection connection = gateway.connect("jooq"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select count(*) \"c\" from (select 1 as \"x\") \"t\"")) {
                assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("c");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong("c")).isEqualTo(1);
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = statement.executeQuery(
                    "select \"t\".\"x\", 'say \"hi\"' as \"greeting\", 1 as \"say \"\"hi\"\"\", `t`.`x` + 1 as `y`"
                            + " from (values (1)) as \"t\"(\"x\") -- \"a comment\"")) {
                assertThat(labels(rows)).containsExactly("x", "greeting", "say \"hi\"", "y");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("say \"hi\"");
                assertThat(rows.getInt(3)).isEqualTo(1);
                assertThat(rows.getInt(4)).isEqualTo(2);
            }
        }
    }

    @Test
    void preparedStatementsTranslateIdentifiersButNotTheirValues() throws Exception {
        try (Connection connection = gateway.connect("jooq");
                PreparedStatement statement = connection.prepareStatement(
                        "select \"t\".\"x\", ? as \"v\" from (values (1), (2)) as \"t\"(\"x\") where \"t\".\"x\" = ?")) {
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(2);
            statement.setString(1, "a \"quoted\" 'value'");
            statement.setInt(2, 2);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(labels(rows)).containsExactly("x", "v");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo("a \"quoted\" 'value'");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    /**
     * A mixed-case table with a space in its name, created with ANSI quotes, read back by a tool that
     * quotes with what DatabaseMetaData reports (DBeaver) and by one that always uses double quotes (jOOQ).
     */
    @Test
    void identifiersQuotedEitherWayNameTheSameTable() throws Exception {
        try (Connection connection = gateway.connect("tools"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE \"Mixed Case\" (\"Id\" BIGINT, \"it's \"\"x\"\"\" STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='3', 'fields.Id.kind'='sequence', 'fields.Id.start'='1', 'fields.Id.end'='3')");
            DatabaseMetaData metaData = connection.getMetaData();
            try (ResultSet columns = metaData.getColumns(null, null, "Mixed Case", null)) {
                List<String> names = new ArrayList<>();
                while (columns.next()) {
                    names.add(columns.getString("COLUMN_NAME"));
                }
                assertThat(names).containsExactly("Id", "it's \"x\"");
            }
            String quote = metaData.getIdentifierQuoteString();
            assertThat(quote).isEqualTo("`");
            String dbeaver = "SELECT MAX(" + quote + "Id" + quote + ") FROM " + quote + "Mixed Case" + quote;
            String jooq = "select max(\"Mixed Case\".\"Id\") from \"default_catalog\".\"default_database\".\"Mixed Case\"";
            for (String sql : List.of(dbeaver, jooq)) {
                try (ResultSet rows = statement.executeQuery(sql)) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).as(sql).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void unterminatedQuotedIdentifierIsASyntaxError() throws Exception {
        try (Connection connection = gateway.connect("jooq"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select 1 as \"x\", 2 as \"y"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42000"));
        }
    }

    private static List<String> labels(ResultSet rows) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
            labels.add(rows.getMetaData().getColumnLabel(column));
        }
        return labels;
    }
}
