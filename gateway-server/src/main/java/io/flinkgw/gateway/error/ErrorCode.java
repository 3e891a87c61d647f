package io.flinkgw.gateway.error;

/**
 * Every error the gateway raises, with a stable number that clients see as the vendor error code.
 * The SQLState each one maps to is chosen in one place, the Avatica error translator.
 */
public enum ErrorCode {
    /** The statement does not parse. */
    SYNTAX_ERROR(1001),
    /** The statement parses but is not valid (types, functions, semantics). */
    VALIDATION_ERROR(1002),
    /** A table, view, catalog or database named by the statement does not exist. */
    OBJECT_NOT_FOUND(1003),
    /** A table, view, database, function or catalog of that name exists already. */
    OBJECT_EXISTS(1007),
    /** A prepared statement's parameters do not fit it (count or value class). */
    INVALID_PARAMETERS(1005),
    /** The SQL sandbox or the user's permissions forbid the statement. */
    ACCESS_DENIED(1006),
    /** The gateway does not run this kind of statement (e.g. an unbounded streaming SELECT). */
    UNSUPPORTED_STATEMENT(1004),
    /** A value could not be converted or computed at run time (casts, arithmetic). */
    DATA_ERROR(2001),
    /** The query's job failed. */
    QUERY_FAILED(2002),
    /** The query was cancelled. */
    QUERY_CANCELED(2003),
    /** No query with this id exists for this user. */
    QUERY_NOT_FOUND(2004),
    /** The result exists but cannot be read. */
    RESULT_UNAVAILABLE(2005),
    /** The result's files are damaged (checksum, truncation, row count): it is never served in part. */
    RESULT_CORRUPT(2006),
    /**
     * Rows were served while the query ran, and then another attempt's rows were committed (a rerun
     * after a lost cluster or a restarted task): the rows served are not the result's; run it again.
     */
    RESULT_REPLACED(2007),
    /** The connection (session) is unknown or closed. */
    CONNECTION_NOT_FOUND(3001),
    /** The statement handle is unknown or closed. */
    STATEMENT_NOT_FOUND(3002),
    /** A limit of the gateway was reached (queries per user, queue). */
    TOO_MANY_QUERIES(4002),
    /** A cap on open resources was reached (connections per user, statements per connection). */
    TOO_MANY_OPEN(4005),
    /** A statement or result is larger than the configured limit. */
    TOO_LARGE(4003),
    /** The query's cluster ran out of memory (its process's limit); other queries and the gateway carry on. */
    OUT_OF_MEMORY(4006),
    /** The gateway cannot start a cluster or reach its stores. */
    RESOURCE_UNAVAILABLE(4001),
    /** The job store (the database of query records) cannot be read or written; retry later. */
    JOB_STORE_UNAVAILABLE(4004),
    /** A bug or an unexpected failure inside the gateway. */
    INTERNAL_ERROR(5001);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /**
     * The code of a job failure as recorded, {@code SimpleClassName: message} of its root cause (see
     * {@link RootCause#describe}): the class decides, never words in the message, so a
     * ClassCastException or a StackOverflowError is not mistaken for bad data.
     */
    public static ErrorCode forJobFailure(String rootCause) {
        if (rootCause.contains("limits.max-result-rows")) {
            return TOO_LARGE;
        }
        if (RootCause.className(rootCause).equals(OutOfMemoryError.class.getSimpleName())) {
            return OUT_OF_MEMORY;
        }
        return DataExceptions.isDataExceptionClass(RootCause.className(rootCause)) ? DATA_ERROR : QUERY_FAILED;
    }

    /**
     * The code of a failure the gateway holds as an exception: {@link #DATA_ERROR} when any exception in
     * its cause chain is an error in the data, else {@code otherwise}.
     */
    public static ErrorCode forFailure(Throwable failure, ErrorCode otherwise) {
        return DataExceptions.inCauseChain(failure) ? DATA_ERROR : otherwise;
    }

    /** The number clients see as {@code SQLException.getErrorCode()}. */
    public int code() {
        return code;
    }
}
