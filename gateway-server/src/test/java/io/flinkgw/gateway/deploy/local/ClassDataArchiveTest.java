package io.flinkgw.gateway.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive a first JVM writes at its exit is the one later JVMs map their classes from; one that
 * did not exit normally leaves nothing behind, and a new class path gets an archive of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassDataArchiveTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    @TempDir Path directory;

    /** What the test's JVMs run: loads a class of this project's class path and exits with the given code. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println(ProcessIdentity.current().pid() > 0 ? "loaded" : "?");
            System.exit(Integer.parseInt(args[0]));
        }
    }

    @Test
    void theArchiveTheFirstProcessWritesAtItsExitIsMappedByTheNext() throws Exception {
        ClassDataArchive archive = ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);

        List<String> writing = archive.jvmOptions("first");
        assertThat(writing).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(archive.jvmOptions("second")).as("one process writes the archive at a time").isEmpty();
        assertThat(run(archive, writing, 0).exitCode).isZero();
        archive.exited("second", 0); // not the writer: changes nothing
        assertThat(archive.file()).doesNotExist();
        archive.exited("first", 0);
        assertThat(archive.file()).isRegularFile();
        try (var files = Files.list(directory)) {
            assertThat(files).as("no file of the writing is left").noneMatch(file -> file.toString().endsWith(".writing"));
        }

        List<String> reading = archive.jvmOptions("third");
        assertThat(reading).containsExactly("-Xshare:auto", "-XX:SharedArchiveFile=" + archive.file());
        List<String> logged = new ArrayList<>(reading);
        logged.add("-Xlog:class+load=info");
        Run third = run(archive, logged, 0);
        assertThat(third.exitCode).isZero();
        assertThat(third.output)
                .as("the project's own class comes from the archive")
                .containsPattern("io\\.flinkgw\\.gateway\\.deploy\\.local\\.ProcessIdentity source: shared objects file \\(top\\)");
    }

    @Test
    void aWriterThatFailsLeavesNoArchiveAndTheNextProcessWritesOne() throws Exception {
        ClassDataArchive archive = ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);
        List<String> writing = archive.jvmOptions("failing");
        assertThat(run(archive, writing, 3).exitCode).isEqualTo(3);
        archive.exited("failing", 3);
        assertThat(archive.file()).doesNotExist();
        try (var files = Files.list(directory)) {
            assertThat(files).noneMatch(file -> file.toString().contains(".jsa"));
        }
        assertThat(archive.jvmOptions("next")).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aClassPathDirectoryIsGivenAsAJarOfItsFilesMadeOncePerContent() throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes/io/example"));
        Files.writeString(classes.resolve("A.class"), "a");
        Files.createDirectories(directory.resolve("classes/META-INF/services"));
        Files.writeString(directory.resolve("classes/META-INF/services/io.example.Factory"), "io.example.A");
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Path store = directory.resolve("archive");
        String classPath = directory.resolve("classes") + File.pathSeparator + empty;

        String first = ClassDataArchive.in(store, JAVA, List.of(), classPath).classPath();
        String[] entries = first.split(File.pathSeparator);
        assertThat(entries).hasSize(2);
        assertThat(entries[1]).as("an empty directory stays").isEqualTo(empty.toString());
        try (ZipFile jar = new ZipFile(entries[0])) {
            assertThat(jar.getEntry("io/example/A.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/io.example.Factory")).isNotNull();
        }
        assertThat(ClassDataArchive.in(store, JAVA, List.of(), classPath).classPath()).as("the same content, the same jar").isEqualTo(first);
        Files.writeString(classes.resolve("B.class"), "b");
        assertThat(ClassDataArchive.in(store, JAVA, List.of(), classPath).classPath()).as("new content, a new jar").isNotEqualTo(first);
    }

    @Test
    void aProcessStartsWithoutAnArchiveItCannotUse() throws Exception {
        ClassDataArchive archive = ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);
        Files.write(archive.file(), new byte[4096]); // not an archive at all
        Run run = run(archive, archive.jvmOptions("reader"), 0);
        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("loaded");
    }

    @Test
    void theJvmCannotArchiveWithANonEmptyDirectoryOnItsClassPathWhichIsWhyOneIsGivenAsAJar() throws Exception {
        ClassDataArchive archive = ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);
        assertThat(CLASS_PATH.split(File.pathSeparator)).as("the test's class path has its classes directories")
                .anyMatch(entry -> Files.isDirectory(Path.of(entry)));
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:ArchiveClassesAtExit=" + directory.resolve("raw.jsa"),
                "-cp", CLASS_PATH, Main.class.getName(), "0"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("raw.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("the JVM fails at its exit although main exited 0").isEqualTo(1);
        assertThat(directory.resolve("raw.jsa")).doesNotExist();
        assertThat(run(archive, archive.jvmOptions("writer"), 0).exitCode).as("with the directories as jars").isZero();
    }

    @Test
    void anArchiveIsNamedForItsJavaOptionsAndClassPath() throws Exception {
        Path jar = Files.write(directory.resolve("a.jar"), new byte[] {1});
        String digest = ClassDataArchive.digest(JAVA, List.of("-Xmx1g"), jar.toString());
        assertThat(ClassDataArchive.digest(JAVA, List.of("-Xmx1g"), jar.toString())).isEqualTo(digest);
        assertThat(ClassDataArchive.digest(JAVA, List.of("-Xmx2g"), jar.toString())).isNotEqualTo(digest);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(ClassDataArchive.digest(JAVA, List.of("-Xmx1g"), jar.toString()))
                .as("a rebuilt jar").isNotEqualTo(digest);
    }

    @Test
    void anAbandonedWritingIsRemovedOnlyOnceItIsOld() throws Exception {
        Path recent = Files.write(directory.resolve("cluster-classes-0123456789abcdef.jsa.a.writing"), new byte[] {1});
        Path old = Files.write(directory.resolve("cluster-classes-0123456789abcdef.jsa.b.writing"), new byte[] {1});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);
        assertThat(recent).exists();
        assertThat(old).doesNotExist();
    }

    @Test
    void onlyTheThreeNewestArchivesOfADirectoryAreKept() throws Exception {
        for (int age = 0; age < 5; age++) {
            Path archive = Files.write(directory.resolve("cluster-classes-000000000000000" + age + ".jsa"), new byte[] {1});
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(60L * age)));
        }
        ClassDataArchive.in(directory, JAVA, List.of(), CLASS_PATH);
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jsa")))
                    .containsExactlyInAnyOrder("cluster-classes-0000000000000000.jsa", "cluster-classes-0000000000000001.jsa",
                            "cluster-classes-0000000000000002.jsa");
        }
    }

    @Test
    void aDirectoryThatCannotHoldAnArchiveLeavesTheProcessesWithoutOne() throws Exception {
        Path notADirectory = Files.write(directory.resolve("a-file"), new byte[] {1});
        LocalProcessDeployer.Settings settings = new LocalProcessDeployer.Settings(1, 0, MemorySize.parse("256m"), List.of(),
                directory.resolve("clusters"), Duration.ZERO, Optional.of(notADirectory));
        ClusterProcessLauncher launcher = new ClusterProcessLauncher(
                settings, new ClusterRegistry(directory.resolve("clusters")), ProcessIdentity.current());
        assertThat(launcher).isNotNull(); // the gateway starts; its processes run without class data sharing
    }

    private record Run(int exitCode, String output) {}

    private Run run(ClassDataArchive archive, List<String> options, int exitCode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(options);
        command.add("-cp");
        command.add(archive.classPath());
        command.add(Main.class.getName());
        command.add(Integer.toString(exitCode));
        Path output = Files.createTempFile(directory.getParent(), "jvm", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the JVM did not end within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
