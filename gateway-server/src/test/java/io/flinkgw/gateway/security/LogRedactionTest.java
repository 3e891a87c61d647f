package io.flinkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped log configuration prints secret values in messages and stack traces as ******. */
class LogRedactionTest {

    @TempDir Path logDirectory;

    @Test
    void theShippedLogLayoutMasksSecrets() throws Exception {
        Path file = Path.of("..", "conf", "log4j2.xml");
        System.setProperty("flinkgw.log.dir", logDirectory.toString());
        XmlConfiguration configuration;
        try (InputStream in = Files.newInputStream(file)) {
            configuration = new XmlConfiguration(new LoggerContext("log-redaction"), new ConfigurationSource(in, file.toFile()));
            configuration.initialize();
        } finally {
            System.clearProperty("flinkgw.log.dir");
        }
        try {
            LogEvent event = Log4jLogEvent.newBuilder()
                    .setLoggerName("io.flinkgw.Check")
                    .setLevel(Level.WARN)
                    .setMessage(new SimpleMessage("WITH ('password' = 'hunter2', 'url' = 'jdbc:x?user=a&password=hunter3')"))
                    .setThrown(new IllegalStateException("fs.s3a.secret.key=hunter4"))
                    .build();
            for (String appender : new String[] {"console", "file"}) {
                String printed = new String(configuration.getAppender(appender).getLayout().toByteArray(event), StandardCharsets.UTF_8);
                assertThat(printed).contains("'password' = '******'", "password=******", "secret.key=******")
                        .doesNotContain("hunter2", "hunter3", "hunter4");
            }
        } finally {
            configuration.stop();
        }
    }
}
