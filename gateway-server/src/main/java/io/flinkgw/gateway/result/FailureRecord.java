package io.flinkgw.gateway.result;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Properties;

/**
 * Why a query's job failed, kept beside its (never committed) result so that the reason outlives
 * the cluster and the gateway.
 *
 * @param message the root cause in one line
 * @param errorClass the class name of the root cause
 * @param failedAt when the failure was recorded
 */
public record FailureRecord(String message, String errorClass, Instant failedAt) {

    public FailureRecord {
        requireNonNull(message, "message is null");
        requireNonNull(errorClass, "errorClass is null");
        requireNonNull(failedAt, "failedAt is null");
    }

    void writeTo(OutputStream output) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("message", message);
        properties.setProperty("errorClass", errorClass);
        properties.setProperty("failedAt", failedAt.toString());
        properties.store(output, "flinkgw failure record");
    }

    static FailureRecord readFrom(InputStream input) throws IOException {
        Properties properties = new Properties();
        properties.load(input);
        return new FailureRecord(
                properties.getProperty("message", "unknown failure"),
                properties.getProperty("errorClass", ""),
                Instant.parse(properties.getProperty("failedAt", Instant.EPOCH.toString())));
    }
}
