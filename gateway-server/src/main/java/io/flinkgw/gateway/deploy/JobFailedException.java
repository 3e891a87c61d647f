package io.flinkgw.gateway.deploy;

/**
 * A job ended without a committed result, for a reason already stated in one line (a failure record
 * the job wrote, or what its cluster manager reported): the message is shown as it is.
 */
public final class JobFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the one-line reason. */
    public JobFailedException(String reason) {
        super(reason);
    }
}
