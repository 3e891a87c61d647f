package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.MemorySize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts cluster processes with the gateway's own Java and class path, their output appended to a log
 * file (never a pipe, so that a process outlives a gateway that crashes), and waits until one serves.
 */
final class ClusterProcessLauncher {

    /** The module openings Flink needs on Java 17, as {@code bin/flinkgw} passes them to the gateway. */
    static final List<String> JVM_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessLauncher.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 20;

    private final LocalProcessDeployer.Settings settings;
    private final ClusterRegistry registry;
    private final ProcessIdentity owner;
    private final String javaCommand;
    private final String classPath;
    private final List<String> jvmOptions;
    private final Optional<ClassDataArchive> classData;

    ClusterProcessLauncher(LocalProcessDeployer.Settings settings, ClusterRegistry registry, ProcessIdentity owner) {
        this.settings = requireNonNull(settings, "settings is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.javaCommand = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.classPath = System.getProperty("java.class.path");
        this.jvmOptions = jvmOptions(settings);
        this.classData = settings.classDataDirectory().flatMap(this::classData);
    }

    /** The class data archive in {@code directory}; none, said in the log, when the directory cannot hold one. */
    private Optional<ClassDataArchive> classData(Path directory) {
        try {
            return Optional.of(ClassDataArchive.in(directory, javaCommand, jvmOptions, classPath));
        } catch (UncheckedIOException e) {
            LOG.warn("Cluster processes start without class data sharing: {}", e.getMessage(), e);
            return Optional.empty();
        }
    }

    /** Starts a process and returns once its cluster serves; a process that cannot start is ended. */
    ClusterProcess start() throws IOException, InterruptedException {
        String tag = ClusterRegistry.newTag();
        Path log = registry.logFile(tag);
        Process process = new ProcessBuilder(command(tag))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        classData.ifPresent(archive -> process.onExit().thenAccept(ended -> archive.exited(tag, ended.exitValue())));
        try {
            long started = System.nanoTime();
            long deadline = started + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<ClusterEntry> entry = registry.read(tag);
                if (entry.isPresent()) {
                    LOG.info("Cluster process {} serves after {} ms",
                            entry.get().address(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return new ClusterProcess(process, entry.get());
                }
                if (!process.isAlive()) {
                    throw new IOException("A cluster process exited with " + process.exitValue() + " before it served: "
                            + lastLines(log) + " (log: " + log + ")");
                }
                Thread.sleep(POLL_MILLIS);
            }
            throw new IOException("A cluster process did not serve within " + START_TIMEOUT.toSeconds() + " s (log: " + log + ")");
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            // the log of a process that could not start explains it; one interrupted (closing) does not
            registry.forget(tag, e instanceof InterruptedException ? ClusterRegistry.LogRetention.DELETE : ClusterRegistry.LogRetention.KEEP);
            throw e;
        }
    }

    /** The options of every process's JVM, before its class data options. */
    private static List<String> jvmOptions(LocalProcessDeployer.Settings settings) {
        long heap = settings.processMemory().getBytes();
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heap);
        options.add("-XX:MaxDirectMemorySize=" + (networkMemory(settings) + MemorySize.ofMebiBytes(128).getBytes()));
        // a query that exhausts the heap ends its process at once (exit code 3), never the gateway
        options.add("-XX:+ExitOnOutOfMemoryError");
        options.addAll(JVM_OPENS);
        options.addAll(settings.jvmOptions());
        return List.copyOf(options);
    }

    private static long networkMemory(LocalProcessDeployer.Settings settings) {
        return Math.max(settings.processMemory().getBytes() / 16, MemorySize.ofMebiBytes(8).getBytes());
    }

    private List<String> command(String tag) {
        long heap = settings.processMemory().getBytes();
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(jvmOptions);
        classData.ifPresent(archive -> command.addAll(archive.jvmOptions(tag)));
        command.add("-cp");
        command.add(classData.map(ClassDataArchive::classPath).orElse(classPath));
        command.add(LocalClusterProcess.class.getName());
        command.add(LocalClusterProcess.TAG_ARGUMENT);
        command.add(tag);
        command.add("--registry");
        command.add(registry.directory().toString());
        command.add("--owner-pid");
        command.add(Long.toString(owner.pid()));
        command.add("--owner-start");
        command.add(Long.toString(owner.started()));
        command.add("--task-slots");
        command.add(Integer.toString(settings.taskSlots()));
        command.add("--managed-memory");
        command.add(Long.toString(Math.max(heap / 8, MemorySize.ofMebiBytes(16).getBytes())));
        command.add("--network-memory");
        command.add(Long.toString(networkMemory(settings)));
        Path warmUpPlan = registry.warmUpPlan();
        if (Files.isRegularFile(warmUpPlan)) {
            command.add(LocalClusterProcess.WARM_UP_PLAN_ARGUMENT);
            command.add(warmUpPlan.toString());
        }
        return command;
    }

    /** The end of a log, to say why a process failed. */
    static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
