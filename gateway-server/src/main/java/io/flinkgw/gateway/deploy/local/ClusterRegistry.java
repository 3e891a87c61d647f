package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;

/**
 * The directory where the cluster processes of every gateway sharing it are recorded, one small file
 * per process ({@code <tag>.cluster}), each written whole or not at all: a gateway started after a
 * crash finds there the processes the crashed one left. Beside it, a process's log
 * ({@code <tag>.log}) and, once its job ended, the job's outcome ({@code <tag>.outcome}).
 */
final class ClusterRegistry {

    private static final String ENTRY = ".cluster";
    private static final String OUTCOME = ".outcome";
    private static final String LOG = ".log";

    private final Path directory;

    ClusterRegistry(Path directory) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the cluster directory " + this.directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    /** A new random tag. */
    static String newTag() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    Path logFile(String tag) {
        return directory.resolve(tag + LOG);
    }

    /** Records a process, replacing its previous record. */
    void write(ClusterEntry entry) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("tag", entry.tag());
        properties.setProperty("pid", Long.toString(entry.process().pid()));
        properties.setProperty("start", Long.toString(entry.process().started()));
        properties.setProperty("rest-port", Integer.toString(entry.restPort()));
        properties.setProperty("owner-pid", Long.toString(entry.owner().pid()));
        properties.setProperty("owner-start", Long.toString(entry.owner().started()));
        entry.queryId().ifPresent(queryId -> properties.setProperty("query-id", queryId));
        writeAtomically(directory.resolve(entry.tag() + ENTRY), properties);
    }

    Optional<ClusterEntry> read(String tag) {
        return readProperties(directory.resolve(tag + ENTRY)).map(properties -> new ClusterEntry(
                properties.getProperty("tag"),
                new ProcessIdentity(Long.parseLong(properties.getProperty("pid")), Long.parseLong(properties.getProperty("start"))),
                Integer.parseInt(properties.getProperty("rest-port")),
                new ProcessIdentity(
                        Long.parseLong(properties.getProperty("owner-pid")), Long.parseLong(properties.getProperty("owner-start"))),
                Optional.ofNullable(properties.getProperty("query-id"))));
    }

    /** Every recorded process (records that cannot be read are skipped). */
    List<ClusterEntry> list() throws IOException {
        List<ClusterEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(ENTRY)) {
                    try {
                        read(name.substring(0, name.length() - ENTRY.length())).ifPresent(entries::add);
                    } catch (RuntimeException damaged) {
                        // a record is written whole; one that does not parse was not written by us
                    }
                }
            }
        }
        return entries;
    }

    /** Records how a process's job ended (written by the process itself, before it exits). */
    void writeOutcome(String tag, JobOutcome outcome) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("status", outcome.status().name());
        properties.setProperty("failure", outcome.failure());
        writeAtomically(directory.resolve(tag + OUTCOME), properties);
    }

    Optional<JobOutcome> readOutcome(String tag) {
        return readProperties(directory.resolve(tag + OUTCOME)).map(properties -> new JobOutcome(
                JobStatus.valueOf(properties.getProperty("status")),
                properties.getProperty("failure", "")));
    }

    /** Forgets a process that has ended: its record and outcome; its log only when asked to. */
    void forget(String tag, LogRetention log) {
        deleteQuietly(directory.resolve(tag + ENTRY));
        deleteQuietly(directory.resolve(tag + OUTCOME));
        if (log == LogRetention.DELETE) {
            deleteQuietly(logFile(tag));
        }
    }

    /** What becomes of a forgotten process's log. */
    enum LogRetention {
        /** Kept, to explain a failure. */
        KEEP,
        /** Deleted with the record. */
        DELETE
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file is harmless: the next forget or killOrphans tries again
        }
    }

    private static Optional<Properties> readProperties(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return Optional.of(properties);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Where the gateway leaves the plan of the job its processes warm up with (see {@link WarmUpJob}). */
    Path warmUpPlan() {
        return directory.resolve("warm-up-job.plan");
    }

    /** Replaces the warm-up plan, atomically: a process starting meanwhile reads the old one or this one. */
    void writeWarmUpPlan(byte[] plan) throws IOException {
        writeAtomically(warmUpPlan(), plan);
    }

    private void writeAtomically(Path target, Properties properties) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        }
        writeAtomically(target, bytes.toByteArray());
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(directory, ".", ".tmp");
        try {
            Files.write(temporary, content);
            moveAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves {@code from} over {@code to} in one step where the file system can, so a reader sees the old file or the new one whole. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
