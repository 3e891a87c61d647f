package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flinkgw.jdbc.FlinkgwDriver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sqlline.SqlLine;

/** Real tools against a real gateway: a HikariCP pool, a SQLLine session, the driver beside another Avatica. */
class ToolCompatibilityTest extends SharedGatewayTest {


    @Test
    void hikariPoolServesSixteenThreads() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(gateway.url());
        config.setUsername("pooled");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int thread = 0; thread < 16; thread++) {
                    results.add(threads.submit(() -> {
                        int catalogs = 0;
                        for (int round = 0; round < 5; round++) {
                            try (Connection connection = pool.getConnection();
                                    Statement statement = connection.createStatement();
                                    ResultSet rows = statement.executeQuery("SHOW CATALOGS")) {
                                assertThat(connection.isValid(5)).isTrue();
                                while (rows.next()) {
                                    catalogs++;
                                }
                            }
                        }
                        return catalogs;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get(2, TimeUnit.MINUTES))
                            .as("default_catalog, lake, samples and session_catalog, 5 rounds").isEqualTo(20);
                }
            } finally {
                threads.shutdownNow();
            }
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void scriptedSqllineSessionListsDescribesAndQueries() throws Exception {
        Path script = directory.resolve("session.sql");
        Files.writeString(script, String.join("\n",
                "CREATE TEMPORARY TABLE fruit (id INT, name STRING) WITH ('connector'='datagen', 'number-of-rows'='3',"
                        + " 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='3', 'fields.name.length'='5');",
                "!tables",
                "!describe fruit",
                "SELECT id FROM fruit ORDER BY id DESC;",
                "!quit", ""));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        SqlLine sqlLine = new SqlLine();
        sqlLine.setOutputStream(new PrintStream(output, true, StandardCharsets.UTF_8));
        sqlLine.setErrorStream(new PrintStream(output, true, StandardCharsets.UTF_8));
        SqlLine.Status status = sqlLine.begin(new String[] {
            "-d", FlinkgwDriver.class.getName(), "-u", gateway.url(), "-n", "shell", "-p", "",
            "--isolation=TRANSACTION_NONE", "--maxWidth=200", "--run=" + script
        }, new ByteArrayInputStream(new byte[0]), false);
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(SqlLine.Status.OK);
        assertThat(printed).contains("default_catalog").contains("fruit").contains("TABLE");
        assertThat(printed).contains("COLUMN_NAME").contains("name");
        assertThat(printed).containsPattern("\\| 3 +\\|[\\s\\S]*\\| 2 +\\|[\\s\\S]*\\| 1 +\\|");
        assertThat(printed).contains("3 rows selected");
    }

    @Test
    void shadedDriverWorksBesideAnotherAvaticaRelease() throws Exception {
        Path driverJar = Path.of(FlinkgwDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(driverJar.toString()).as("the it-tests must run against the shaded driver jar").endsWith(".jar");
        Path otherAvatica;
        try (Stream<Path> files = Files.list(Path.of("target", "other-avatica"))) {
            otherAvatica = files.filter(file -> file.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        // the other Avatica comes first: without relocation, its classes would shadow the driver's own
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {otherAvatica.toUri().toURL(), driverJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> foreignDriver = Class.forName("org.apache.calcite.avatica.remote.Driver", false, loader);
            assertThat(foreignDriver.getProtectionDomain().getCodeSource().getLocation().toString())
                    .contains(otherAvatica.getFileName().toString());
            Driver driver = (Driver) Class.forName(FlinkgwDriver.class.getName(), true, loader).getDeclaredConstructor().newInstance();
            Properties properties = new Properties();
            properties.setProperty("user", "isolated");
            try (Connection connection = driver.connect(gateway.url(), properties);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 'no clash' AS verdict")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("no clash");
            }
        }
    }

    @Test
    void shadedDriverCarriesTheProtocolPackageRelocatedAndNothingElseOfTheGateway() throws Exception {
        Path driverJar = Path.of(FlinkgwDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> entries;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(driverJar.toFile())) {
            entries = jar.stream().map(java.util.jar.JarEntry::getName).toList();
        }
        assertThat(entries).contains(
                "io/flinkgw/jdbc/shaded/io/flinkgw/protocol/BinaryFrame.class",
                "META-INF/services/io.flinkgw.jdbc.shaded.org.slf4j.spi.SLF4JServiceProvider");
        assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/") || name.startsWith("io/flinkgw/dialect/")
                || name.startsWith("io/flinkgw/protocol/") || name.startsWith("io/flinkgw/gateway/")
                || name.startsWith("org/slf4j/") || name.equals("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
    }

    @Test
    void driverPrintsNothingWhenTheGatewayIsUnreachable() throws Exception {
        Path driverJar = Path.of(FlinkgwDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path program = directory.resolve("Unreachable.java");
        Files.writeString(program, String.join("\n",
                "public class Unreachable {",
                "    public static void main(String[] args) throws Exception {",
                "        try (java.sql.Connection c = java.sql.DriverManager.getConnection(\"jdbc:flinkgw://127.0.0.1:1\")) {",
                "        } catch (java.sql.SQLException e) {",
                "            System.out.print(\"state=\" + e.getSQLState());",
                "        }",
                "    }",
                "}"));
        Process process = new ProcessBuilder(java.toString(), "-cp", driverJar.toString(), program.toString())
                .redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(printed).isEqualTo("state=08001");
    }
}
