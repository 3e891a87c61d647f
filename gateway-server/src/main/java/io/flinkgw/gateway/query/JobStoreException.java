package io.flinkgw.gateway.query;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.error.RootCause;

/**
 * The job store could not be read or written: {@link ErrorCode#JOB_STORE_UNAVAILABLE}, an outage of
 * a part the gateway depends on, which a client may retry, not a failure of its statement.
 */
public final class JobStoreException extends GatewayException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what failed and why. */
    public JobStoreException(String message, Throwable cause) {
        super(ErrorCode.JOB_STORE_UNAVAILABLE, message + ": " + RootCause.describe(cause), cause);
    }
}
