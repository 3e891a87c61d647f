package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared catalogs as clients that open several connections meet them: what one connection
 * creates, every other sees at once, and after a restart; TEMPORARY objects stay private.
 */
class SharedCatalogTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Configuration settings = new Configuration();
        settings.setString("catalogs.scratch.type", "generic_in_memory");
        settings.setString("catalogs.warehouse.type", "paimon");
        settings.setString("catalogs.warehouse.warehouse", directory.resolve("warehouse").toUri().toString());
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** DBeaver: the SQL editor creates on one connection, the navigator lists on another, both query. */
    @Test
    void whatTheEditorCreatesTheNavigatorSeesAtOnce() throws Exception {
        try (Connection editor = gateway.connect(); Connection navigator = gateway.connect();
                Statement statement = editor.createStatement()) {
            statement.execute("CREATE DATABASE shop");
            statement.execute("CREATE TABLE shop.items (id BIGINT, label STRING) WITH ('connector'='datagen',"
                    + " 'number-of-rows'='100', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='100')");
            statement.execute("CREATE VIEW shop.even_items AS SELECT id FROM shop.items WHERE MOD(id, 2) = 0");
            statement.execute("CREATE TEMPORARY VIEW mine AS SELECT 1 AS x1");

            DatabaseMetaData metadata = navigator.getMetaData();
            assertThat(names(metadata.getTables("default_catalog", "shop", "%", null), "TABLE_NAME", "TABLE_TYPE"))
                    .containsExactly("even_items:VIEW", "items:TABLE");
            assertThat(names(metadata.getColumns("default_catalog", "shop", "items", "%"), "COLUMN_NAME", "TYPE_NAME"))
                    .containsExactly("id:BIGINT", "label:VARCHAR");
            assertThat(names(metadata.getCatalogs(), "TABLE_CAT", "TABLE_CAT"))
                    .contains("default_catalog:default_catalog", "session_catalog:session_catalog", "scratch:scratch");
            try (Statement other = navigator.createStatement()) {
                assertThat(single(other, "SELECT COUNT(*), SUM(id) FROM shop.even_items")).isEqualTo("50|2550");
                assertThatThrownBy(() -> other.executeQuery("SELECT * FROM mine"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
            }
            assertThat(single(statement, "SELECT COUNT(*) FROM shop.items")).isEqualTo("100");
        }
    }

    /** A pool (HikariCP, Spring's JdbcTemplate) hands each call whichever connection is free: here, another each time. */
    @Test
    void everyCallOfAPoolSeesWhatTheLastOneDid() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(gateway.url());
        config.setUsername("pooled");
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection first = pool.getConnection();
                Connection second = pool.getConnection();
                Connection third = pool.getConnection();
                Statement one = first.createStatement();
                Statement two = second.createStatement();
                Statement three = third.createStatement()) {
            one.execute("CREATE TABLE pooled_numbers (n INT) WITH ('connector'='datagen', 'number-of-rows'='7',"
                    + " 'fields.n.kind'='sequence', 'fields.n.start'='1', 'fields.n.end'='7')");
            assertThat(single(two, "SELECT SUM(n) FROM pooled_numbers")).isEqualTo("28");
            three.execute("ALTER TABLE pooled_numbers SET ('fields.n.end'='3', 'number-of-rows'='3')");
            assertThat(single(one, "SELECT SUM(n) FROM pooled_numbers")).isEqualTo("6");
            two.execute("DROP TABLE pooled_numbers");
            assertThatThrownBy(() -> single(three, "SELECT * FROM pooled_numbers"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
        }
    }

    @Test
    void oneOfTwoConcurrentCreatesOfOneNameWinsAndTheOtherIs42S01() throws Exception {
        int contenders = 4;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        CountDownLatch ready = new CountDownLatch(contenders);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                int contender = i;
                outcomes.add(threads.submit((Callable<String>) () -> {
                    try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1 FROM (VALUES (1)) AS t(x) WHERE FALSE"); // session warm
                        ready.countDown();
                        ready.await(1, TimeUnit.MINUTES);
                        statement.execute("CREATE TABLE contested (winner INT) WITH ('connector'='datagen',"
                                + " 'number-of-rows'='1', 'fields.winner.kind'='sequence', 'fields.winner.start'='"
                                + contender + "', 'fields.winner.end'='" + contender + "')");
                        return "won";
                    } catch (SQLException e) {
                        return e.getSQLState() + " " + e.getMessage();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(3, TimeUnit.MINUTES));
            }
            assertThat(results).filteredOn("won"::equals).hasSize(1);
            assertThat(results).filteredOn(result -> !result.equals("won"))
                    .hasSize(contenders - 1).allSatisfy(result -> assertThat(result).startsWith("42S01").contains("contested"));
        } finally {
            threads.shutdownNow();
        }
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE contested");
        }
    }

    @Test
    void catalogsMadeByCreateCatalogAreSharedAndADropIsSeenByTheNextCall() throws Exception {
        try (Connection maker = gateway.connect(); Connection other = gateway.connect();
                Statement make = maker.createStatement(); Statement look = other.createStatement()) {
            make.execute("CREATE CATALOG team WITH ('type'='generic_in_memory')");
            look.execute("USE CATALOG team");
            assertThat(single(look, "SHOW CURRENT CATALOG")).isEqualTo("team");
            assertThat(other.getCatalog()).as("JDBC's view of the current catalog").isEqualTo("team");
            make.execute("DROP CATALOG team");
            assertThat(single(look, "SHOW CURRENT CATALOG")).as("the dropped current catalog gives way to the default")
                    .isEqualTo("default_catalog");
            assertThatThrownBy(() -> look.execute("USE CATALOG team"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
            assertThatThrownBy(() -> make.execute("DROP CATALOG scratch"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("gateway's configuration");
        }
    }

    /** Any catalog type on the class path can be configured; one with a warehouse is trusted by the sandbox. */
    @Test
    void aConfiguredPaimonCatalogIsWrittenByOneConnectionAndReadByAnother() throws Exception {
        try (Connection writer = gateway.connect(); Connection reader = gateway.connect();
                Statement write = writer.createStatement(); Statement read = reader.createStatement()) {
            write.execute("CREATE TABLE warehouse.`default`.visits (page STRING, hits BIGINT)");
            assertThat(write.executeUpdate("INSERT INTO warehouse.`default`.visits VALUES ('home', 3), ('about', 4)"))
                    .isEqualTo(2);
            assertThat(single(read, "SELECT COUNT(*), SUM(hits) FROM warehouse.`default`.visits")).isEqualTo("2|7");
            assertThat(names(reader.getMetaData().getTables("warehouse", "default", "%", null), "TABLE_NAME", "TABLE_TYPE"))
                    .containsExactly("visits:TABLE");
        }
    }

    @Test
    void tablesViewsDatabasesAndCatalogsSurviveARestart() throws Exception {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE kept");
            statement.execute("CREATE TABLE kept.letters (c STRING) WITH ('connector'='datagen', 'number-of-rows'='3',"
                    + " 'fields.c.length'='1')");
            statement.execute("CREATE VIEW kept.letter_count AS SELECT COUNT(*) AS n FROM kept.letters");
            statement.execute("CREATE CATALOG kept_catalog WITH ('type'='generic_in_memory')");
            statement.execute("CREATE TEMPORARY TABLE gone (x INT) WITH ('connector'='datagen')");
        }
        gateway.restart();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT n FROM kept.letter_count")).isEqualTo("3");
            assertThat(names(connection.getMetaData().getCatalogs(), "TABLE_CAT", "TABLE_CAT")).contains("kept_catalog:kept_catalog");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM gone"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
            statement.execute("DROP DATABASE kept CASCADE");
            statement.execute("DROP CATALOG kept_catalog");
        }
    }

    static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getString(i));
            }
            assertThat(rows.next()).isFalse();
            return String.join("|", values);
        }
    }

    static List<String> names(ResultSet rows, String first, String second) throws SQLException {
        List<String> names = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                names.add(rows.getString(first) + ":" + rows.getString(second));
            }
        }
        return names;
    }
}
