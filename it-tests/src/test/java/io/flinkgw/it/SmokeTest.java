package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path directory;

    @Test
    void selectOne() throws Exception {
        try (TestGateway gateway = TestGateway.start(directory);
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            try (ResultSet rows = statement.executeQuery("SELECT 1 AS x, 'a' AS y")) {
                assertThat(rows.next()).isTrue();
                System.out.println("first row ms " + (System.nanoTime() - start) / 1e6);
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString("y")).isEqualTo("a");
                assertThat(rows.next()).isFalse();
            }
            start = System.nanoTime();
            try (ResultSet rows = statement.executeQuery("SELECT 2")) {
                assertThat(rows.next()).isTrue();
                System.out.println("second first row ms " + (System.nanoTime() - start) / 1e6);
            }
        }
    }
}
