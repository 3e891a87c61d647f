package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.deploy.local.LocalClusterProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The query cluster processes ({@link LocalClusterProcess}) alive on this machine, found by their command line. */
final class ClusterProcesses {

    private ClusterProcesses() {}

    /** The live cluster processes registered under {@code directory} (a test's own directory). */
    static List<ProcessHandle> live(Path directory) {
        String directoryName = directory.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> {
                    String commandLine = commandLine(process);
                    return commandLine.contains(LocalClusterProcess.class.getName()) && commandLine.contains(directoryName);
                })
                .toList();
    }

    /** Waits (bounded) until no cluster process of the directory is left, and fails if one is. */
    static void assertNoneLeft(Path directory) {
        List<ProcessHandle> left;
        try {
            left = Conditions.await(() -> live(directory), List::isEmpty, Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("Could not list the cluster processes", e);
        }
        assertThat(left).as("cluster processes left under %s", directory).isEmpty();
    }

    /** Ends (SIGKILL) every cluster process of the directory that is still alive: a test's own clean-up. */
    static void killAll(Path directory) {
        live(directory).forEach(ProcessHandle::destroyForcibly);
    }

    /** From /proc: ProcessHandle.Info has no arguments for a command line as long as a class path. */
    static String commandLine(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            ProcessHandle.Info info = process.info();
            return info.command().orElse("") + " " + String.join(" ", info.arguments().orElse(new String[0]));
        }
    }
}
