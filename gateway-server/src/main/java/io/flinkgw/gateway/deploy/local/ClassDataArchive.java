package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data sharing archive (the JVM's AppCDS) of the classes a cluster process loads, so that the
 * next processes map them instead of loading, verifying and linking them again: a process serves in
 * about two thirds of the time. The first process started without an archive writes one when it exits
 * ({@code -XX:ArchiveClassesAtExit}, to a file of its own, moved into place only once it exited
 * normally); the processes after it read it ({@code -XX:SharedArchiveFile}, {@code -Xshare:auto}: a JVM
 * that cannot use it starts without). An archive is only valid for one Java, class path and set of JVM
 * options: its name carries a digest of them, so a new build or Java writes a new one.
 */
final class ClassDataArchive {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final String PREFIX = "cluster-classes-";
    private static final String SUFFIX = ".jsa";
    private static final String CLASSES = "classes-";
    private static final String WRITING = ".writing";
    /** A file being written that is older than this was left by a process that never finished it. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** Archives kept in a directory: those of the newest builds. */
    private static final int KEPT_ARCHIVES = 3;

    private final Path archive;
    private final String classPath;
    private String writer;

    private ClassDataArchive(Path archive, String classPath) {
        this.archive = archive;
        this.classPath = classPath;
    }

    /**
     * The archive in {@code directory} for processes started with {@code javaCommand}, {@code jvmOptions}
     * and {@code classPath}; what earlier gateways left stale there is removed.
     */
    static ClassDataArchive in(Path directory, String javaCommand, List<String> jvmOptions, String classPath) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the class data directory " + directory, e);
        }
        removeStale(directory);
        String jars = jarsOnly(directory, classPath);
        return new ClassDataArchive(directory.toAbsolutePath().resolve(PREFIX + digest(javaCommand, jvmOptions, jars) + SUFFIX), jars);
    }

    Path file() {
        return archive;
    }

    /**
     * The class path processes using the archive run with: the given one with every non-empty directory
     * replaced by a jar of its files, made once per content (a JVM cannot archive classes with a
     * non-empty directory on its class path, and ends with an error at its exit if it tries).
     */
    String classPath() {
        return classPath;
    }

    private static String jarsOnly(Path directory, String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            entries.add(Files.isDirectory(path) && !isEmpty(path) ? jarOf(directory, path).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the class path directory " + directory, e);
        }
    }

    /** The jar of {@code classes}'s files, named by a digest of their names, sizes and times. */
    private static Path jarOf(Path directory, Path classes) {
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes)) {
                files = walk.filter(file -> !file.equals(classes)).sorted().toList();
            }
            MessageDigest digest = sha256();
            update(digest, classes.toAbsolutePath().toString());
            for (Path file : files) {
                update(digest, classes.relativize(file) + "@" + Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
            }
            Path jar = directory.toAbsolutePath().resolve(CLASSES + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Path written = Files.createTempFile(directory, CLASSES, ".jar" + WRITING);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(written))) {
                for (Path file : files) {
                    String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                    boolean isDirectory = Files.isDirectory(file);
                    zip.putNextEntry(new ZipEntry(isDirectory ? name + "/" : name));
                    if (!isDirectory) {
                        Files.copy(file, zip);
                    }
                    zip.closeEntry();
                }
            }
            ClusterRegistry.moveAtomically(written, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a jar of the class path directory " + classes, e);
        }
    }

    /**
     * The JVM options of the process tagged {@code tag}: read the archive when there is one, else write it
     * at exit when no other process is writing it. A process given the writing options must be reported
     * to {@link #exited} once it ends.
     */
    synchronized List<String> jvmOptions(String tag) {
        if (Files.isRegularFile(archive)) {
            return List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
        }
        if (writer == null) {
            writer = tag;
            return List.of("-XX:ArchiveClassesAtExit=" + writing(tag));
        }
        return List.of();
    }

    /**
     * The process tagged {@code tag} ended with {@code exitCode}: the archive it wrote becomes the one
     * processes read if it exited normally, else it is removed and a later process writes one.
     */
    synchronized void exited(String tag, int exitCode) {
        if (!tag.equals(writer)) {
            return;
        }
        writer = null;
        Path written = writing(tag);
        try {
            if (exitCode == 0 && Files.isRegularFile(written) && Files.size(written) > 0) {
                ClusterRegistry.moveAtomically(written, archive);
                LOG.info("Cluster processes share the classes archived in {}", archive);
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            LOG.warn("Could not keep the class data archive {}; cluster processes start without it", written, e);
        }
    }

    private Path writing(String tag) {
        return archive.resolveSibling(archive.getFileName() + "." + tag + WRITING);
    }

    /**
     * Removes what earlier gateways left: files abandoned while being written (older than an hour), and
     * archives beyond the {@value #KEPT_ARCHIVES} newest (of earlier builds; a process mapping one keeps
     * its copy, a gateway still wanting one writes it again).
     */
    private static void removeStale(Path directory) {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> archives = new ArrayList<>();
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((name.startsWith(PREFIX) || name.startsWith(CLASSES)) && name.endsWith(WRITING)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                } else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    archives.add(file);
                }
            }
            archives.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
            for (Path stale : archives.subList(Math.min(KEPT_ARCHIVES, archives.size()), archives.size())) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove stale class data archives in {}", directory, e);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A digest of what an archive is valid for: the Java, its options, and every class path entry's path, size and time. */
    static String digest(String javaCommand, List<String> jvmOptions, String classPath) {
        MessageDigest digest = sha256();
        update(digest, javaCommand);
        update(digest, System.getProperty("java.vm.version", ""));
        jvmOptions.forEach(option -> update(digest, option));
        for (String entry : classPath.split(File.pathSeparator)) {
            update(digest, entry);
            Path path = Path.of(entry);
            try {
                update(digest, Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
            } catch (IOException | RuntimeException e) {
                update(digest, "missing");
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
