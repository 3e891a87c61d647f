package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/run}: installs Debian's postgresql package only when its programs are missing (with sudo
 * only when not root), then runs exactly the README's test command. Runs the script with stand-ins for
 * {@code apt-get}, {@code sudo}, {@code id} and {@code mvn} that record how they were called.
 */
class CiRunScriptTest {

    private static final Path SCRIPT = Path.of("..", ".ci", "run").toAbsolutePath().normalize();
    private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();

    /** Real programs the script and the stand-ins need; nothing else is on their PATH. */
    private static final List<String> TOOLS = List.of("bash", "dirname", "env", "mkdir", "chmod");

    @TempDir Path directory;

    private Path bin;
    private Path calls;
    private Path versions;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectory(directory.resolve("bin"));
        calls = directory.resolve("calls");
        versions = directory.resolve("postgresql");
        for (String tool : TOOLS) {
            Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
        }
        standIn("mvn", "echo \"mvn $*\" >> \"$CALLS\"");
        standIn("id", "echo \"$FAKE_UID\"");
        standIn("sudo", "echo sudo >> \"$CALLS\"; exec \"$@\"");
        // installing the package brings initdb and pg_ctl, as Debian's does
        standIn("apt-get", String.join("\n",
                "echo \"apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)\" >> \"$CALLS\"",
                "if [[ \" $* \" == *\" install \"* ]]; then",
                "  mkdir -p \"$FLINKGW_POSTGRES_VERSIONS/15/bin\"",
                "  printf '#!/bin/sh\\n' > \"$FLINKGW_POSTGRES_VERSIONS/15/bin/initdb\"",
                "  printf '#!/bin/sh\\n' > \"$FLINKGW_POSTGRES_VERSIONS/15/bin/pg_ctl\"",
                "  chmod +x \"$FLINKGW_POSTGRES_VERSIONS/15/bin/initdb\" \"$FLINKGW_POSTGRES_VERSIONS/15/bin/pg_ctl\"",
                "fi"));
    }

    @Test
    void installsPostgresqlWithSudoWhenMissingThenRunsTheReadmeTestCommand() throws Exception {
        run("1000");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "sudo",
                "apt-get -qq update (DEBIAN_FRONTEND=noninteractive)",
                "sudo",
                "apt-get -qq install -y postgresql (DEBIAN_FRONTEND=noninteractive)",
                readmeTestCommand());
    }

    @Test
    void installsWithoutSudoAsRootAndNotAtAllOnceInstalled() throws Exception {
        run("0");
        assertThat(Files.readAllLines(calls)).containsExactly(
                "apt-get -qq update (DEBIAN_FRONTEND=noninteractive)",
                "apt-get -qq install -y postgresql (DEBIAN_FRONTEND=noninteractive)",
                readmeTestCommand());

        Files.delete(calls);
        run("0");
        assertThat(Files.readAllLines(calls)).containsExactly(readmeTestCommand());
    }

    private void run(String uid) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("bash").toString(), SCRIPT.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output").toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(Map.of("PATH", bin.toString(), "CALLS", calls.toString(), "FAKE_UID", uid,
                "FLINKGW_POSTGRES_VERSIONS", versions.toString()));
        Process process = builder.start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the script ends").isTrue();
        assertThat(process.exitValue()).as(Files.readString(directory.resolve("output"))).isZero();
    }

    /** The command in README.md's "Run the tests" code block. */
    private static String readmeTestCommand() throws IOException {
        Matcher block = Pattern.compile("## Run the tests\\s+```bash\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(block.find()).as("README.md has a 'Run the tests' code block").isTrue();
        return block.group(1).trim();
    }

    private void standIn(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!" + bin.resolve("bash") + "\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path onPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException(tool + " is not on PATH");
    }
}
