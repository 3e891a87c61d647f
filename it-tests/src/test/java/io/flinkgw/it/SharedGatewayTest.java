package io.flinkgw.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests of one class share one gateway with the default configuration, its stores under a test directory. */
abstract class SharedGatewayTest {

    @TempDir static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = TestGateway.start(directory);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }
}
