package io.flinkgw.gateway.security;

import io.flinkgw.gateway.config.GatewayOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import org.apache.flink.configuration.Configuration;

/** The server's TLS context, from a key store or PEM files, when TLS is on. */
public final class TlsContexts {

    private TlsContexts() {}

    /** The server context the configuration asks for, or empty when TLS is off. */
    public static Optional<SslContext> server(Configuration configuration) throws IOException, GeneralSecurityException {
        if (!configuration.get(GatewayOptions.TLS_ENABLED)) {
            return Optional.empty();
        }
        String keystore = configuration.get(GatewayOptions.TLS_KEYSTORE);
        if (!keystore.isEmpty()) {
            char[] password = configuration.get(GatewayOptions.TLS_KEYSTORE_PASSWORD).toCharArray();
            KeyStore store = KeyStore.getInstance(keystore.endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream input = Files.newInputStream(Path.of(keystore))) {
                store.load(input, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return Optional.of(SslContextBuilder.forServer(keys).build());
        }
        String certificate = configuration.get(GatewayOptions.TLS_CERTIFICATE_FILE);
        String key = configuration.get(GatewayOptions.TLS_KEY_FILE);
        if (certificate.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("gateway.tls.enabled needs gateway.tls.keystore, or gateway.tls.certificate-file"
                    + " and gateway.tls.key-file");
        }
        return Optional.of(SslContextBuilder.forServer(new File(certificate), new File(key)).build());
    }
}
