package io.flinkgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The end-to-end suite's own bound ({@code junit-platform.properties}): under its settings, a test
 * stuck in a wait that ignores interrupts still fails at its timeout, with the timeout as its failure,
 * rather than holding the build.
 */
class TestBoundsTest {

    /** Lets the stuck test end once this test has its answer (its thread is abandoned, not stopped). */
    private static volatile boolean released;

    @Test
    void aTestStuckInAWaitThatIgnoresInterruptsFailsAtItsTimeout() throws Exception {
        Map<String, String> bounds = suiteSettings();
        assertThat(bounds).containsKey("junit.jupiter.execution.timeout.default");
        bounds.put("junit.jupiter.execution.timeout.default", "1 s"); // the suite's settings, with a short bound
        try {
            List<Event> failed = CompletableFuture.supplyAsync(() -> EngineTestKit.engine("junit-jupiter")
                            .configurationParameters(bounds)
                            .selectors(selectClass(Stuck.class))
                            .execute()
                            .testEvents()
                            .failed()
                            .list())
                    .get(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS);
            assertThat(failed).hasSize(1);
            Throwable failure = failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
            assertThat(failure).hasMessageContaining("timed out after 1 second");
        } finally {
            released = true;
        }
    }

    private static Map<String, String> suiteSettings() throws Exception {
        Properties properties = new Properties();
        try (InputStream input = TestBoundsTest.class.getResourceAsStream("/junit-platform.properties")) {
            properties.load(input);
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    /** Run only by the test above (a nested class is not one of the suite's own). */
    static class Stuck {
        @Test
        void waitsIgnoringInterrupts() {
            while (!released) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // an interrupt only ends one park
            }
        }
    }
}
