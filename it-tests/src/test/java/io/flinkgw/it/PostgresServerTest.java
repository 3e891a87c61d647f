package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throwaway PostgreSQL server the job-store tests run against: it starts, admits only its password, and leaves nothing. */
class PostgresServerTest {

    @Test
    void serverListensOnLoopbackWithPasswordAndLeavesNoProcessOrDirectoryWhenClosed() throws Exception {
        Path dataDirectory;
        List<ProcessHandle> processes;
        try (PostgresServer server = PostgresServer.start()) {
            dataDirectory = server.dataDirectory();
            assertThat(dataDirectory.resolve("PG_VERSION")).exists();
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "SELECT current_database(), current_user, host(inet_server_addr()), inet_server_port()")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("flinkgw");
                assertThat(row.getString(2)).isEqualTo(server.user());
                assertThat(row.getString(3)).isEqualTo("127.0.0.1");
                assertThat(row.getInt(4)).isEqualTo(server.port());
            }
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("28P01"));
            // PostgreSQL refuses to run as root; the harness runs it as an unprivileged user then
            assertThat(server.postmaster().info().user()).isNotEqualTo(Optional.of("root"));
            processes = Stream.concat(Stream.of(server.postmaster()), server.postmaster().descendants()).toList();
            // a backend of a connection just closed may be ending right now: only the postmaster must live
            assertThat(processes).hasSizeGreaterThan(1);
            assertThat(server.postmaster().isAlive()).isTrue();
            server.close();
            server.close();
        }
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(processesNaming(dataDirectory)).isEmpty();
        assertThat(dataDirectory.getParent()).doesNotExist();
    }

    @Test
    void createdDatabasesAreSeparate() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            String first = server.createDatabase("first_test");
            String second = server.createDatabase("second_test");
            try (Connection connection = DriverManager.getConnection(first, server.user(), server.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE only_here (x INT)");
            }
            try (Connection connection = DriverManager.getConnection(second, server.user(), server.password());
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM only_here"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("42P01"));
            }
            assertThatThrownBy(() -> server.createDatabase("x; DROP DATABASE flinkgw"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void serverLeftOpenIsStoppedWhenTheJvmEnds(@TempDir Path directory) throws Exception {
        Path report = directory.resolve("server");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AbandonedServer.class.getName(), report.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output").toFile())
                .start();
        assertThat(jvm.waitFor(2, TimeUnit.MINUTES)).as("the JVM ends").isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(directory.resolve("output"))).isZero();
        List<String> server = Files.readAllLines(report);
        ProcessHandle.of(Long.parseLong(server.get(0))).ifPresent(process -> assertThat(process.isAlive()).isFalse());
        assertThat(Path.of(server.get(1))).doesNotExist();
    }

    /** Starts a server, writes its postmaster's pid and data directory to a file, and ends without closing it. */
    static final class AbandonedServer {

        public static void main(String[] arguments) throws Exception {
            PostgresServer server = PostgresServer.start();
            Files.write(Path.of(arguments[0]), List.of(
                    Long.toString(server.postmaster().pid()), server.dataDirectory().toString()));
        }
    }

    @Test
    void missingInstallationFailsWithAMessageSayingWhatToInstall(@TempDir Path empty) {
        assertThatThrownBy(() -> PostgresInstallation.find(empty.resolve("no-such-dir"), empty.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL is not installed")
                .hasMessageContaining("apt-get install -y postgresql");
    }

    /** Processes whose command line names the data directory: the postmaster runs as {@code postgres -D <dir>}. */
    private static List<ProcessHandle> processesNaming(Path dataDirectory) {
        String name = dataDirectory.toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(name)).orElse(false))
                .toList();
    }
}
