package io.flinkgw.it.benchmark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under measurement as a child JVM (same classpath as the benchmark), its output drained to
 * {@code gateway.log}; the query clusters it starts are its own child processes.
 */
final class BenchmarkGateway implements AutoCloseable {

    static final List<String> JVM_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private static final Pattern READY = Pattern.compile("flinkgw ready: (jdbc:flinkgw://[^:]+:(\\d+))");
    private static final Pattern RUNNING_CLUSTERS = Pattern.compile("\"runningClusters\":(\\d+)");
    private static final Pattern SPARE_CLUSTERS = Pattern.compile("\"spareClusters\":(\\d+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SPARE_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Thread drain;
    private final String url;
    private final int port;
    private final long startupNanos;

    private BenchmarkGateway(Process process, Thread drain, String url, int port, long startupNanos) {
        this.process = process;
        this.drain = drain;
        this.url = url;
        this.port = port;
        this.startupNanos = startupNanos;
    }

    /** Starts a gateway over fresh stores in {@code directory}, with {@code jvmOptions} (heap size) and settings. */
    static BenchmarkGateway start(Path directory, String classpath, List<String> jvmOptions, List<String> settings)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command(directory, classpath, jvmOptions, settings))
                .redirectErrorStream(true).start();
        Path log = directory.resolve("gateway.log");
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(process.getInputStream(), log, ready), "gateway-log-drain");
        drain.setDaemon(true);
        drain.start();
        try {
            Matcher matcher = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new BenchmarkGateway(
                    process, drain, matcher.group(1), Integer.parseInt(matcher.group(2)), System.nanoTime() - start);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Gateway not ready within " + READY_TIMEOUT.toSeconds()
                    + " s (exit: " + (process.isAlive() ? "still alive" : process.exitValue()) + "); see " + log, e);
        }
    }

    private static List<String> command(Path directory, String classpath, List<String> jvmOptions, List<String> settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(JVM_OPENS);
        command.addAll(List.of(
                "-cp", classpath,
                "io.flinkgw.gateway.FlinkgwServer",
                "-Dgateway.port=0",
                "-Dresult-store.root=" + directory.resolve("results"),
                "-Djob-store.url=jdbc:h2:file:" + directory.resolve("jobstore").resolve("flinkgw")));
        settings.forEach(setting -> command.add("-D" + setting));
        return command;
    }

    private static void drain(InputStream output, Path log, CompletableFuture<Matcher> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(matcher);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("Gateway output ended before it was ready"));
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String url() {
        return url;
    }

    long startupNanos() {
        return startupNanos;
    }

    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The gateway's {@code GET /metrics} answer. */
    String metricsJson() throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(2_000);
        try (InputStream input = connection.getInputStream()) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    /** Clusters running a query right now, as the gateway counts them. */
    int runningClusters() throws IOException {
        return count(RUNNING_CLUSTERS, "running clusters");
    }

    /** Spare clusters ready for the next query, as the gateway counts them. */
    int spareClusters() throws IOException {
        return count(SPARE_CLUSTERS, "spare clusters");
    }

    /**
     * Waits (up to two minutes) until a spare cluster is ready, as a gateway that is not saturated has
     * one; whether one is.
     */
    boolean awaitSpare() throws Exception {
        Integer spares = io.flinkgw.it.Conditions.await(this::spareClusters, count -> count > 0, SPARE_TIMEOUT);
        return spares != null && spares > 0;
    }

    private int count(Pattern metric, String what) throws IOException {
        Matcher matcher = metric.matcher(metricsJson());
        if (!matcher.find()) {
            throw new IllegalStateException("The gateway's metrics do not count " + what);
        }
        return Integer.parseInt(matcher.group(1));
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        drain.join(TimeUnit.SECONDS.toMillis(5));
    }
}
