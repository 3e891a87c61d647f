package io.flinkgw.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void keysNamingASecretAreSecret() {
        assertThat(Secrets.isSecretKey("job-store.password")).isTrue();
        assertThat(Secrets.isSecretKey("fs.s3a.secret.key")).isTrue();
        assertThat(Secrets.isSecretKey("my.API-Token")).isTrue();
        assertThat(Secrets.isSecretKey("gateway.tls.keystore-password")).isTrue();
        assertThat(Secrets.isSecretKey("parallelism.default")).isFalse();
    }

    @Test
    void assignmentsInFreeTextAreMasked() {
        assertThat(Secrets.redact("WITH ('connector'='jdbc', 'password' = 's3cr''et', 'url'='jdbc:x')"))
                .isEqualTo("WITH ('connector'='jdbc', 'password' = '******', 'url'='jdbc:x')");
        assertThat(Secrets.redact("jdbc:postgresql://db/x?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=a&password=******&ssl=true");
        assertThat(Secrets.redact("{\"access_token\": \"abc\"}")).isEqualTo("{\"access_token\": \"******\"}");
        assertThat(Secrets.redact("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void settingsRowsOfSecretKeysAreMasked() {
        List<Object[]> rows = Secrets.redactSettings(List.of(
                new Object[] {"a.password", "hunter2"}, new Object[] {"parallelism.default", "4"}));
        assertThat(rows.get(0)).containsExactly("a.password", Secrets.MASK);
        assertThat(rows.get(1)).containsExactly("parallelism.default", "4");
    }
}
