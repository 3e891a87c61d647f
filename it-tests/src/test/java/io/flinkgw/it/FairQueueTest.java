package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.config.GatewayOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One user's burst of queries beyond limits.max-queries-per-user waits its turn instead of being refused. */
class FairQueueTest {

    private static final int TILES = 10;

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        Configuration settings = new Configuration();
        settings.set(GatewayOptions.MAX_QUERIES_PER_USER, 3);
        gateway = TestGateway.start(directory, settings);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    /** A dashboard refreshing ten tiles at once, each on its own connection of the same user. */
    @Test
    void tenConcurrentConnectionsOfOneUserAllGetTheirRows() throws Exception {
        CyclicBarrier together = new CyclicBarrier(TILES);
        ExecutorService tiles = Executors.newFixedThreadPool(TILES);
        try {
            List<CompletableFuture<List<Long>>> results = new ArrayList<>();
            for (int tile = 1; tile <= TILES; tile++) {
                long factor = tile;
                results.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection connection = gateway.connect("dashboard"); Statement statement = connection.createStatement()) {
                        together.await(60, TimeUnit.SECONDS);
                        List<Long> rows = new ArrayList<>();
                        try (ResultSet resultSet = statement.executeQuery(
                                "SELECT CAST(x AS BIGINT) * " + factor + " FROM (VALUES (1), (2), (3)) AS t(x) ORDER BY x")) {
                            while (resultSet.next()) {
                                rows.add(resultSet.getLong(1));
                            }
                        }
                        return rows;
                    } catch (Exception e) {
                        throw new IllegalStateException("tile " + factor + ": " + e.getMessage(), e);
                    }
                }, tiles));
            }
            for (int tile = 1; tile <= TILES; tile++) {
                assertThat(results.get(tile - 1).get(5, TimeUnit.MINUTES)).containsExactly((long) tile, 2L * tile, 3L * tile);
            }
        } finally {
            tiles.shutdownNow();
        }
    }
}
