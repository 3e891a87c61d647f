package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.jdbc.FlinkgwStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Close means closed: a result set closed in the middle of a long result stops the driver's prefetch. */
class ResultCloseTest extends SharedGatewayTest {

    private static final String PREFETCH_THREAD = "flinkgw-prefetch";

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(PREFETCH_THREAD) && thread.isAlive())
                .count();
    }

    /** Joins every prefetch thread until the deadline passes; how many are still alive then. */
    private static long awaitNoPrefetchThreads(Duration deadline) throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(PREFETCH_THREAD)) {
                thread.join(Math.max(1, Duration.between(Instant.now(), end).toMillis()));
            }
        }
        return prefetchThreads();
    }

    @Test
    void closingAResultSetMidStreamEndsTheDriversPrefetchAtOnce() throws Exception {
        // helper threads of earlier tests end by themselves 5 s after their last use
        assertThat(awaitNoPrefetchThreads(Duration.ofSeconds(15))).isZero();
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE many (id BIGINT) WITH ('connector'='datagen', 'number-of-rows'='200000',"
                    + " 'rows-per-second'='1000000000', 'fields.id.kind'='sequence', 'fields.id.start'='1',"
                    + " 'fields.id.end'='200000')");
            statement.setFetchSize(1000);
            String queryId;
            try (ResultSet all = statement.executeQuery("SELECT id FROM many")) {
                queryId = statement.unwrap(FlinkgwStatement.class).getQueryId();
                long count = 0;
                while (all.next()) {
                    count++;
                }
                assertThat(count).isEqualTo(200_000);
            }
            // a finished result: its first frame is as large as the gateway sends, the rest binary frames
            ResultSet rows = statement.executeQuery("SELECT * FROM RESULT_SCAN('" + queryId + "')");
            // the first frame may hold many rows (it is as large as the job had ready): read until the
            // driver fetches binary frames ahead of the application
            int read = 0;
            while (prefetchThreads() == 0 && read < 150_000) {
                for (int i = 0; i < 500; i++, read++) {
                    assertThat(rows.next()).isTrue();
                }
            }
            assertThat(prefetchThreads()).as("binary frames are prefetched while the application reads").isPositive();
            rows.close();
            // well before the helper thread's own 5 s idle timeout
            assertThat(awaitNoPrefetchThreads(Duration.ofSeconds(2))).isZero();
        }
    }
}
