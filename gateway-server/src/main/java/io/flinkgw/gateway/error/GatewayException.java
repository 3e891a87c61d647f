package io.flinkgw.gateway.error;

import static java.util.Objects.requireNonNull;

/** An error the gateway raises on purpose, with its code; translated for clients in one place. */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /** Creates the exception. */
    public GatewayException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    /** Creates the exception with its cause. */
    public GatewayException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    /** What went wrong, as a stable code. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
