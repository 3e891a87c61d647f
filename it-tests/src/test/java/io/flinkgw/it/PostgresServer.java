package io.flinkgw.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server: a fresh data directory under {@code java.io.tmpdir}, {@code initdb}
 * with a random password, {@code pg_ctl start} on a free port of 127.0.0.1 (its unix socket in the same
 * temporary directory), and one empty database. {@link #close()} stops it at once and deletes it all.
 *
 * <p>A test class starts one in a static set-up method (or in try-with-resources) and closes it after
 * its tests; {@link #createDatabase(String)} gives each test a database of its own.
 */
final class PostgresServer implements AutoCloseable {

    /** The superuser {@code initdb} creates, and the user every test connects as. */
    private static final String USER = "flinkgw";

    /** The database {@link #jdbcUrl()} names. */
    private static final String DATABASE = "flinkgw";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final PostgresInstallation installation;
    private final Path root;
    private final int port;
    private final String password;
    private final ProcessHandle postmaster;
    /** Stops the server when the JVM ends before {@link #close()} (a test run cut short). */
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresServer(PostgresInstallation installation, Path root, int port, String password, ProcessHandle postmaster) {
        this.installation = requireNonNull(installation, "installation is null");
        this.root = requireNonNull(root, "root is null");
        this.port = port;
        this.password = requireNonNull(password, "password is null");
        this.postmaster = requireNonNull(postmaster, "postmaster is null");
        this.shutdownHook = new Thread(this::closeAtExit, "postgres-server-stop");
    }

    /** Starts a new server with database {@code flinkgw}; fails when PostgreSQL is not installed. */
    static PostgresServer start() throws IOException, InterruptedException {
        PostgresInstallation installation = PostgresInstallation.find();
        Path root = Files.createTempDirectory("flinkgw-postgres-");
        try {
            installation.handOver(root);
            String password = HexFormat.of().formatHex(randomBytes(16));
            initialize(installation, root, password);
            PostgresServer server = startOnFreePort(installation, root, password);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.execute("postgres", "CREATE DATABASE " + DATABASE);
            } catch (RuntimeException e) {
                try {
                    server.close();
                } catch (IOException | InterruptedException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopQuietly(installation, root, e);
            deleteQuietly(root, e);
            throw e;
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** After a failed start: stops a server that came up anyway (pg_ctl timed out, say). */
    private static void stopQuietly(PostgresInstallation installation, Path root, Exception failure) {
        if (!Files.exists(root.resolve("data/postmaster.pid"))) {
            return;
        }
        try {
            stop(installation, root);
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void initialize(PostgresInstallation installation, Path root, String password)
            throws IOException, InterruptedException {
        Path passwordFile = root.resolve("password");
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        installation.handOver(passwordFile);
        installation.run(root, root.resolve("initdb.out"), TIMEOUT, "initdb",
                "--pgdata=" + root.resolve("data"), "--username=" + USER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync");
        Files.delete(passwordFile);
        // only this machine, only with the password (initdb's file would also admit ::1 and replication)
        Files.writeString(root.resolve("data/pg_hba.conf"), String.join("\n",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                ""), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        appendSettings(root, List.of(
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + root + "'",
                "shared_buffers = 16MB",
                // a throwaway server: nothing is worth an fsync
                "fsync = off"));
    }

    private static PostgresServer startOnFreePort(PostgresInstallation installation, Path root, String password)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            // a later line wins, so a retry just appends its port
            appendSettings(root, List.of("port = " + port));
            try {
                installation.run(root, root.resolve("pg_ctl-start.out"), TIMEOUT.plusSeconds(10), "pg_ctl",
                        "--pgdata=" + root.resolve("data"), "--log=" + root.resolve("postgres.log"),
                        "--wait", "--timeout=" + TIMEOUT.toSeconds(), "start");
            } catch (IllegalStateException e) {
                // another process may have taken the port between our probe and the server's bind
                if (attempt < START_ATTEMPTS && PostgresInstallation.read(root.resolve("postgres.log")).contains("could not bind")) {
                    continue;
                }
                throw new IllegalStateException(e.getMessage() + "\nServer log:\n" + PostgresInstallation.read(root.resolve("postgres.log")), e);
            }
            long pid = Long.parseLong(Files.readAllLines(root.resolve("data/postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("The PostgreSQL server " + pid + " exited right after starting"));
            return new PostgresServer(installation, root, port, password, postmaster);
        }
    }

    private static void appendSettings(Path root, List<String> settings) throws IOException {
        Files.writeString(root.resolve("data/postgresql.conf"), String.join("\n", settings) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** JDBC URL of the database {@code flinkgw}. */
    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of {@code database} on this server. */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database (a name of lower-case letters, digits and '_') and returns its JDBC URL. */
    String createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        execute("postgres", "CREATE DATABASE " + database);
        return jdbcUrl(database);
    }

    /** The superuser every test connects as. */
    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    int port() {
        return port;
    }

    Path dataDirectory() {
        return root.resolve("data");
    }

    /** The server's main process; its children are its {@linkplain ProcessHandle#descendants() descendants}. */
    ProcessHandle postmaster() {
        return postmaster;
    }

    private void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql + " on " + jdbcUrl(database), e);
        }
    }

    /**
     * Stops the server at once ({@code pg_ctl stop -m immediate}), waits until its processes are gone,
     * and deletes its directory. Idempotent.
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself
        }
        List<ProcessHandle> processes = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        try {
            stop(installation, root);
        } finally {
            // also when pg_ctl failed: never leave a server behind
            for (ProcessHandle process : processes) {
                awaitExit(process);
            }
            deleteRecursively(root);
        }
    }

    private void closeAtExit() {
        try {
            close();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("Could not stop the PostgreSQL server in " + root + ": " + e);
        }
    }

    /** Immediate shutdown: the server exits without a checkpoint, as a throwaway server may. */
    private static void stop(PostgresInstallation installation, Path root) throws IOException, InterruptedException {
        installation.run(root, root.resolve("pg_ctl-stop.out"), TIMEOUT.plusSeconds(10), "pg_ctl",
                "--pgdata=" + root.resolve("data"), "--mode=immediate", "--wait", "--timeout=" + TIMEOUT.toSeconds(), "stop");
    }

    private static void awaitExit(ProcessHandle process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("PostgreSQL process " + process.pid() + " was still running " + TIMEOUT
                    + " after pg_ctl stop; killed it");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for PostgreSQL process " + process.pid(), e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path directory, Exception failure) {
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
