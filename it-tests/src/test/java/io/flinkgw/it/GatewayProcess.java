package io.flinkgw.it;

import io.flinkgw.gateway.config.LocalDeploymentOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A gateway in a JVM of its own, started from the command line, so that it can be killed outright. */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("flinkgw ready: (jdbc:flinkgw://[0-9.]+:[0-9]+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final String url;

    private GatewayProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts {@code FlinkgwServer} with the settings as {@code -Dkey=value} and waits until it serves. */
    static GatewayProcess start(Map<String, String> settings, Path output) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.flinkgw.gateway.FlinkgwServer");
        if (!settings.containsKey(LocalDeploymentOptions.CLASS_DATA_DIRECTORY.key())) {
            command.add("-D" + LocalDeploymentOptions.CLASS_DATA_DIRECTORY.key() + "=" + TestGateway.CLASS_DATA_DIRECTORY);
        }
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Matcher ready = READY.matcher(read(output));
            if (ready.find()) {
                return new GatewayProcess(process, ready.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway exited with " + process.exitValue() + ":\n" + read(output));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The gateway did not start within 2 minutes:\n" + read(output));
    }

    private static String read(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    String url() {
        return url;
    }

    /** The gateway's answer to an HTTP GET of {@code path} (its side endpoints, such as a query's status). */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create(url.replace("jdbc:flinkgw:", "http:") + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the JVM at once (SIGKILL): nothing of the gateway gets to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
