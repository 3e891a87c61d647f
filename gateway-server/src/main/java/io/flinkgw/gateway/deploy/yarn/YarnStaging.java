package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files applications are deployed with: the gateway's private copy of the Hadoop site files plus
 * the containers' log configuration (shipped with every application), and the staging directory
 * YARN localizes from, cleaned up after each application.
 */
final class YarnStaging implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YarnStaging.class);

    private static final String CONTAINER_LOG_CONFIG = String.join("\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = false",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "");

    private final Path shippedConfDir;
    private final Optional<String> stagingDirectory;
    private final YarnConfiguration yarnConfiguration;

    private YarnStaging(Path shippedConfDir, Optional<String> stagingDirectory, YarnConfiguration yarnConfiguration) {
        this.shippedConfDir = requireNonNull(shippedConfDir, "shippedConfDir is null");
        this.stagingDirectory = requireNonNull(stagingDirectory, "stagingDirectory is null");
        this.yarnConfiguration = requireNonNull(yarnConfiguration, "yarnConfiguration is null");
    }

    /**
     * Copies the site files of {@code hadoopConfDir} and the containers' log configuration into a
     * private directory, removed by {@link #close()}.
     *
     * @param stagingDirectory where applications' files are staged; empty: the default file system's home directory
     */
    static YarnStaging prepare(Path hadoopConfDir, Optional<String> stagingDirectory, YarnConfiguration yarnConfiguration)
            throws IOException {
        if (!Files.isDirectory(hadoopConfDir)) {
            throw new IllegalArgumentException("The Hadoop configuration directory " + hadoopConfDir + " does not exist");
        }
        Path directory = Files.createTempDirectory("flinkgw-yarn-conf");
        try (Stream<Path> files = Files.list(hadoopConfDir)) {
            for (Path file : (Iterable<Path>) files.filter(file -> file.getFileName().toString().endsWith(".xml"))::iterator) {
                Files.copy(file, directory.resolve(file.getFileName()));
            }
        }
        Files.writeString(directory.resolve(StagingPaths.LOG_CONFIG_FILE), CONTAINER_LOG_CONFIG, StandardCharsets.UTF_8);
        return new YarnStaging(directory, stagingDirectory, yarnConfiguration);
    }

    /** Where the next application's files come from and go to. */
    StagingPaths paths() throws IOException {
        return new StagingPaths(shippedConfDir, stagingRoot().toString());
    }

    /** Removes what was staged for an application that has ended. */
    void deleteStagedFiles(ApplicationId applicationId) {
        try {
            org.apache.hadoop.fs.Path staged = new org.apache.hadoop.fs.Path(stagingRoot(), ".flink/" + applicationId);
            FileSystem fileSystem = staged.getFileSystem(yarnConfiguration);
            if (fileSystem.exists(staged) && fileSystem.delete(staged, true)) {
                LOG.info("Removed the staged files of application {}", applicationId);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the staged files of application {}", applicationId, e);
        }
    }

    private org.apache.hadoop.fs.Path stagingRoot() throws IOException {
        if (stagingDirectory.isPresent()) {
            return new org.apache.hadoop.fs.Path(stagingDirectory.get());
        }
        return FileSystem.get(yarnConfiguration).getHomeDirectory();
    }

    /** Removes the private copy of the site files. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(shippedConfDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not remove {}", shippedConfDir, e);
        }
    }
}
