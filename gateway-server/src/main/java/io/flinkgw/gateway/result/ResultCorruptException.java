package io.flinkgw.gateway.result;

import java.io.IOException;

/**
 * A committed result's files do not hold what its manifest promises: a block fails its checksum, a
 * file is truncated or malformed, or the files hold another number of rows. Such a result is never
 * served in part; reading it fails.
 */
public final class ResultCorruptException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what is damaged and where. */
    public ResultCorruptException(String message) {
        super(message);
    }

    /** Creates the exception with what is damaged and the failure that revealed it. */
    public ResultCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
