package io.flinkgw.protocol;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The body of a side call that failed with an SQL error ({@link SidePaths#SQL_ERROR_STATUS}):
 * {@code {"sqlState":"42000","code":1001,"message":"..."}}.
 *
 * @param sqlState the SQLState the gateway chose
 * @param code the gateway's error code (the vendor code of the client's SQLException)
 * @param message the error text
 */
public record ErrorBody(String sqlState, int code, String message) {

    public ErrorBody {
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
    }

    /** The JSON text. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sqlState", sqlState);
        fields.put("code", code);
        fields.put("message", message);
        return FlatJson.write(fields);
    }

    /** The error in {@code json}, or empty when it is not an error body. */
    public static Optional<ErrorBody> parse(String json) {
        Map<String, Object> fields;
        try {
            fields = FlatJson.parse(json);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!(fields.get("sqlState") instanceof String sqlState) || !(fields.get("message") instanceof String message)) {
            return Optional.empty();
        }
        int code = fields.get("code") instanceof Number number ? number.intValue() : -1;
        return Optional.of(new ErrorBody(sqlState, code, message));
    }
}
