package io.flinkgw.it;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs of this machine (Debian's {@code postgresql} package) and how to run
 * them. PostgreSQL refuses to run as root, so a JVM running as root (as in CI) runs them as the
 * {@code postgres} system user the package creates, through {@code runuser} (or {@code setpriv}).
 */
final class PostgresInstallation {

    /** Where Debian installs each major version: {@code /usr/lib/postgresql/<version>/bin}. */
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    /** The system user Debian's package creates; it runs the server when the JVM runs as root. */
    private static final String SERVER_USER = "postgres";

    private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "postgres");

    private final Path binaries;
    private final List<String> runAsPrefix;
    private final Optional<UserPrincipal> serverUser;
    private final Optional<GroupPrincipal> serverGroup;

    private PostgresInstallation(
            Path binaries, List<String> runAsPrefix, Optional<UserPrincipal> serverUser, Optional<GroupPrincipal> serverGroup) {
        this.binaries = requireNonNull(binaries, "binaries is null");
        this.runAsPrefix = List.copyOf(runAsPrefix);
        this.serverUser = requireNonNull(serverUser, "serverUser is null");
        this.serverGroup = requireNonNull(serverGroup, "serverGroup is null");
    }

    /**
     * Finds {@code initdb}, {@code pg_ctl} and {@code postgres}: the newest {@code
     * /usr/lib/postgresql/*}{@code /bin} first, then {@code PATH}. Fails (never skips) when PostgreSQL
     * is not installed: CI installs it, and a test that silently skips proves nothing.
     */
    static PostgresInstallation find() throws IOException {
        return find(DEBIAN_VERSIONS, System.getenv().getOrDefault("PATH", ""));
    }

    /** {@link #find()} over other places: Debian's version directories and a {@code PATH}. */
    static PostgresInstallation find(Path debianVersions, String path) throws IOException {
        Path binaries = findBinaries(debianVersions, path).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed: no directory with " + PROGRAMS + " under " + debianVersions
                        + "/*/bin or on PATH. Install Debian's package (apt-get install -y postgresql);"
                        + " .ci/run does so before running the tests."));
        if (!runsAsRoot()) {
            return new PostgresInstallation(binaries, List.of(), Optional.empty(), Optional.empty());
        }
        UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName(SERVER_USER);
            group = users.lookupPrincipalByGroupName(SERVER_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("The tests run as root and PostgreSQL refuses to; there is no '" + SERVER_USER
                    + "' system user to run it as (Debian's postgresql package creates one)", e);
        }
        return new PostgresInstallation(binaries, runAsPrefix(), Optional.of(user), Optional.of(group));
    }

    private static Optional<Path> findBinaries(Path debianVersions, String path) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(debianVersions)) {
            try (Stream<Path> versions = Files.list(debianVersions)) {
                versions.filter(version -> version.getFileName().toString().matches("[0-9]+"))
                        .sorted(Comparator.comparingInt((Path version) -> Integer.parseInt(version.getFileName().toString()))
                                .reversed())
                        .forEach(version -> candidates.add(version.resolve("bin")));
            }
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path initdb = Path.of(entry).resolve("initdb");
            if (Files.isExecutable(initdb)) {
                // Debian links initdb and pg_ctl into PATH, but not postgres: look where the links lead
                candidates.add(initdb.toRealPath().getParent());
            }
        }
        return candidates.stream()
                .filter(directory -> PROGRAMS.stream().allMatch(program -> Files.isExecutable(directory.resolve(program))))
                .findFirst();
    }

    private static boolean runsAsRoot() throws IOException {
        // /proc/self belongs to the process's effective user
        Path self = Path.of("/proc/self");
        if (Files.exists(self)) {
            return ((Integer) Files.getAttribute(self, "unix:uid")) == 0;
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> runAsPrefix() {
        for (String directory : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path runuser = Path.of(directory, "runuser");
            if (Files.isExecutable(runuser)) {
                return List.of(runuser.toString(), "-u", SERVER_USER, "--");
            }
        }
        for (String directory : List.of("/usr/bin", "/bin")) {
            Path setpriv = Path.of(directory, "setpriv");
            if (Files.isExecutable(setpriv)) {
                return List.of(setpriv.toString(), "--reuid=" + SERVER_USER, "--regid=" + SERVER_USER, "--init-groups", "--");
            }
        }
        throw new IllegalStateException("The tests run as root and PostgreSQL refuses to; neither runuser nor setpriv"
                + " was found to run it as '" + SERVER_USER + "'");
    }

    /** The directory of the server programs. */
    Path binaries() {
        return binaries;
    }

    /**
     * Gives {@code path} to the user the server runs as, and checks that this user can reach it: every
     * directory above it must be that user's or let others pass.
     */
    void handOver(Path path) throws IOException {
        if (serverUser.isEmpty()) {
            return;
        }
        PosixFileAttributeView attributes = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        attributes.setOwner(serverUser.get());
        attributes.setGroup(serverGroup.get());
        for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            boolean passable = Files.getOwner(parent).equals(serverUser.get())
                    || Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE);
            if (!passable) {
                throw new IllegalStateException("PostgreSQL runs as '" + SERVER_USER + "' and cannot reach " + path
                        + ": " + parent + " does not let others pass (chmod o+x, or set java.io.tmpdir elsewhere)");
            }
        }
    }

    /**
     * Runs a server program in {@code workingDirectory} (as the server's user when needed), its output
     * going to {@code output}; fails with that output when it exits non-zero or outlives {@code timeout}.
     */
    void run(Path workingDirectory, Path output, Duration timeout, String program, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(runAsPrefix);
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                // a file, not a pipe: pg_ctl start leaves a daemon behind, which must not hold our pipe open
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException(command + " did not finish within " + timeout + ":\n" + read(output));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + read(output));
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
