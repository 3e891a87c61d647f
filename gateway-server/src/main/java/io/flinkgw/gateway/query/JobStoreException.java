package io.flinkgw.gateway.query;

/** The job store could not be read or written. */
public final class JobStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what failed and why. */
    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
