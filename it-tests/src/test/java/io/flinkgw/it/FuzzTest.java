package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import io.flinkgw.gateway.config.GatewayOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of a running gateway on 127.0.0.1: mutated Avatica protobuf and JSON requests,
 * garbage HTTP, an oversized body, and random SQL. Every request gets an answer, and afterwards the
 * gateway still answers a normal query while threads, file descriptors and heap are back near where
 * they started. Counts are fixed and the random seed printed, so a failure can be replayed.
 */
class FuzzTest {

    private static final int PROTOBUF_REQUESTS = 1500;
    private static final int JSON_REQUESTS = 1500;
    private static final int SQL_STATEMENTS = 300;
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 404, 405, 413, 500);

    @TempDir Path directory;

    @Test
    void gatewaySurvivesMalformedInputWithoutLeaking() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FuzzTest seed " + seed);
        Random random = new Random(seed);
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.REQUEST_THREAD_KEEP_ALIVE, Duration.ofSeconds(1));
        try (TestGateway gateway = TestGateway.start(directory, settings)) {
            String base = gateway.url().replace("jdbc:flinkgw:", "http:");
            assertNormalQueryWorks(gateway);
            Resources before = Resources.measure();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<byte[]> protobufSeeds = protobufSeeds();
            int answered = 0;
            for (int i = 0; i < PROTOBUF_REQUESTS; i++) {
                answered += post(http, base, mutate(protobufSeeds.get(random.nextInt(protobufSeeds.size())), random));
            }
            List<byte[]> jsonSeeds = jsonSeeds();
            for (int i = 0; i < JSON_REQUESTS; i++) {
                answered += post(http, base, mutate(jsonSeeds.get(random.nextInt(jsonSeeds.size())), random));
            }
            answered += post(http, base, new byte[17 * 1024 * 1024]);
            assertThat(answered).isEqualTo(PROTOBUF_REQUESTS + JSON_REQUESTS + 1);
            garbageHttp(gateway, random);
            int sqlErrors = randomSql(gateway, random);

            assertNormalQueryWorks(gateway);
            // request threads of the burst end after their keep-alive; wait for that, bounded
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Resources after = Resources.measure();
            while (after.threads > before.threads + 25 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                after = Resources.measure();
            }
            System.out.printf("FuzzTest: %d protobuf + %d JSON requests answered, %d random SQL statements (%d errors);"
                    + " threads %d -> %d, fds %d -> %d, heap %d MiB -> %d MiB%n",
                    PROTOBUF_REQUESTS, JSON_REQUESTS, SQL_STATEMENTS, sqlErrors, before.threads, after.threads,
                    before.fileDescriptors, after.fileDescriptors, before.heapMiB, after.heapMiB);
            assertThat(after.threads).isLessThanOrEqualTo(before.threads + 25);
            assertThat(after.fileDescriptors).isLessThanOrEqualTo(before.fileDescriptors + 60);
            assertThat(after.heapMiB).isLessThanOrEqualTo(before.heapMiB + 150);
        }
    }

    private static void assertNormalQueryWorks(TestGateway gateway) throws SQLException {
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 6 * 7")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    private static int post(HttpClient http, String base, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("HTTP status").isIn(ANSWERS);
        return 1;
    }

    private static List<byte[]> protobufSeeds() throws IOException {
        ProtobufTranslationImpl translation = new ProtobufTranslationImpl();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(translation.serializeRequest(new Service.OpenConnectionRequest("fuzz-connection", Map.of("user", "fuzz"))));
        seeds.add(translation.serializeRequest(new Service.PrepareAndExecuteRequest("fuzz-connection", 1, "SELECT 1", -1)));
        seeds.add(translation.serializeRequest(new Service.FetchRequest("fuzz-connection", 1, 0, 100)));
        seeds.add(translation.serializeRequest(new Service.CatalogsRequest("fuzz-connection")));
        seeds.add(translation.serializeRequest(new Service.CloseConnectionRequest("fuzz-connection")));
        return seeds;
    }

    private static List<byte[]> jsonSeeds() {
        return Stream.of(
                "{\"request\":\"openConnection\",\"connectionId\":\"fuzz-json\",\"info\":{\"user\":\"fuzz\"}}",
                "{\"request\":\"prepareAndExecute\",\"connectionId\":\"fuzz-json\",\"statementId\":1,\"sql\":\"SELECT 1\",\"maxRowCount\":-1}",
                "{\"request\":\"fetch\",\"connectionId\":\"fuzz-json\",\"statementId\":1,\"offset\":0,\"fetchMaxRowCount\":100}",
                "{\"request\":\"noSuchRequest\"}",
                "{\"request\":\"createStatement\",\"connectionId\":\"\\u0000\\ud800\"}")
                .map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Flips, drops, duplicates or inserts bytes (invalid UTF-8 and truncation included). */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int position = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[position] = (byte) random.nextInt(256);
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, position);
                case 2 -> {
                    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                    for (int i = bytes.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    bytes = longer;
                }
                default -> bytes[position] = (byte) (0xC0 | random.nextInt(0x20));
            }
        }
        return bytes;
    }

    private static void garbageHttp(TestGateway gateway, Random random) throws IOException {
        int port = Integer.parseInt(gateway.url().replaceAll(".*:", ""));
        for (int i = 0; i < 50; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                OutputStream output = socket.getOutputStream();
                output.write(i % 2 == 0 ? garbage : ("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                output.flush();
                socket.shutdownOutput();
                InputStream input = socket.getInputStream();
                input.readAllBytes();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the gateway neither answered nor closed a garbage HTTP connection", e);
            } catch (IOException e) {
                // a reset connection is an acceptable answer to garbage
            }
        }
    }

    private static int randomSql(TestGateway gateway, Random random) throws SQLException {
        String[] tokens = {"SELECT", "FROM", "WHERE", "(", ")", "'", "''", "--", "/*", "*/", ",", ";", "1", "NULL",
            "CAST", "AS", "INT", "x", "`t`", "VALUES", "ORDER BY", "GROUP BY", "JOIN", "ON", "=", "+", "\u00e9", "\ud83d\ude00",
            "CREATE", "TABLE", "DROP", "SET", "RESET", "SHOW", "EXPLAIN", "?", "{fn", "}", "RESULT_SCAN"};
        int errors = 0;
        try (Connection connection = gateway.connect("fuzzer"); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(30);
            for (int i = 0; i < SQL_STATEMENTS; i++) {
                StringBuilder sql = new StringBuilder();
                int length = 1 + random.nextInt(12);
                for (int t = 0; t < length; t++) {
                    sql.append(tokens[random.nextInt(tokens.length)]).append(' ');
                }
                try {
                    if (statement.execute(sql.toString())) {
                        try (ResultSet rows = statement.getResultSet()) {
                            while (rows.next()) {
                                rows.getObject(1);
                            }
                        }
                    }
                } catch (SQLException e) {
                    errors++;
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        }
        return errors;
    }

    private record Resources(int threads, long fileDescriptors, long heapMiB) {
        static Resources measure() throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            long descriptors;
            try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
                descriptors = files.count();
            }
            // the test's own HTTP client threads are not the gateway's
            int threads = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !thread.getName().startsWith("HttpClient")).count();
            return new Resources(threads, descriptors, heap);
        }
    }
}
