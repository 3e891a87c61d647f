package io.flinkgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void secretParametersOfAUrlAreMasked() {
        assertThat(Redaction.text("jdbc:flinkgw://h:1/x?user=a&password=hunter2&truststore_password=changeit&ssl=true"))
                .isEqualTo("jdbc:flinkgw://h:1/x?user=a&password=******&truststore_password=******&ssl=true");
        assertThat(Redaction.text("jdbc:flinkgw://h:1")).isEqualTo("jdbc:flinkgw://h:1");
    }

    @Test
    void aMalformedUrlErrorDoesNotPrintThePassword() {
        assertThatThrownBy(() -> FlinkgwDriver.toAvaticaProperties("jdbc:flinkgw:h:1?password=hunter2", new Properties()))
                .hasMessageContaining("password=******")
                .hasMessageNotContaining("hunter2");
    }
}
