package io.flinkgw.gateway.deploy.yarn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a JobManager's REST overview ({@code GET /overview}): how many TaskManagers have registered. */
final class JobManagerOverview {

    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** TaskManagers registered with the JobManager whose REST endpoint is {@code host:port}; 0 when it cannot be asked. */
    int registeredTaskManagers(String host, int port) throws InterruptedException {
        if (host == null || host.isBlank() || port <= 0) {
            return 0;
        }
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/overview")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = TASK_MANAGERS.matcher(response.body());
            return response.statusCode() == 200 && matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }
}
