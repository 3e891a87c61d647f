package io.flinkgw.jdbc.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SystemLoggerProviderTest {

    @Test
    void slf4jMessagesReachTheJdkLoggingTheApplicationConfiguresWithWarningsQuietened() {
        List<LogRecord> records = new ArrayList<>();
        Logger jdkLogger = Logger.getLogger("io.flinkgw.test.routing");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jdkLogger.addHandler(handler);
        jdkLogger.setUseParentHandlers(false);
        jdkLogger.setLevel(Level.ALL);
        try {
            org.slf4j.Logger logger = LoggerFactory.getLogger("io.flinkgw.test.routing");
            assertThat(logger).isInstanceOf(SystemLoggerAdapter.class);
            logger.error("lost {} of {}", 1, 2, new IllegalStateException("boom"));
            logger.warn("reported to the application as an SQLException");
            logger.trace("detail");
        } finally {
            jdkLogger.removeHandler(handler);
        }
        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.SEVERE, Level.FINE, Level.FINER);
        assertThat(records.get(0).getMessage()).isEqualTo("lost 1 of 2");
        assertThat(records.get(0).getThrown()).hasMessage("boom");
    }
}
