package io.flinkgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlinkgwDriverTest {

    @Test
    void urlBecomesAvaticaProperties() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "alice");
        info.setProperty("password", "secret");
        Properties properties = FlinkgwDriver.toAvaticaProperties("jdbc:flinkgw://gw.example:8765/?fetch_size=500&x=a%20b", info);
        assertThat(properties.getProperty("url")).isEqualTo("http://gw.example:8765");
        assertThat(properties.getProperty("serialization")).isEqualTo("PROTOBUF");
        assertThat(properties.getProperty("fetch_size")).isEqualTo("500");
        assertThat(properties.getProperty("x")).isEqualTo("a b");
        assertThat(properties.getProperty("avatica_user")).isEqualTo("alice");
        assertThat(properties.getProperty("avatica_password")).isEqualTo("secret");
    }

    @Test
    void defaultsFavourLargeFramesAndTlsSwitchesScheme() throws SQLException {
        Properties properties = FlinkgwDriver.toAvaticaProperties("jdbc:flinkgw://h:1?ssl=true", new Properties());
        assertThat(properties.getProperty("url")).isEqualTo("https://h:1");
        assertThat(properties.getProperty("fetch_size")).isEqualTo(FlinkgwDriver.DEFAULT_FETCH_SIZE);
    }

    @Test
    void malformedUrlsGiveAClearError() {
        assertThatThrownBy(() -> FlinkgwDriver.toAvaticaProperties("jdbc:flinkgw:h:1", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:flinkgw://host:port")
                .satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void registeredThroughServiceLoaderForItsPrefixOnly() throws SQLException {
        Driver driver = DriverManager.getDriver("jdbc:flinkgw://127.0.0.1:1");
        assertThat(driver).isInstanceOf(FlinkgwDriver.class);
        assertThat(driver.acceptsURL("jdbc:avatica:remote:url=http://x")).isFalse();
        assertThat(new FlinkgwDriver().connect("jdbc:other://x", new Properties())).isNull();
    }
}
