package io.flinkgw.protocol;

/** The gateway's HTTP endpoints beside Avatica's protocol, and their query parameters. */
public final class SidePaths {

    /** {@code GET}: the per-job query id behind a statement's result, {@code {"queryId":"..."}}. */
    public static final String STATEMENT = "/flinkgw/v1/statement";
    /** {@code GET ?id=}: a query's status as a flat JSON object. */
    public static final String QUERY = "/flinkgw/v1/query";
    /** {@code POST ?offset=&rows=}: a frame of a statement's result as a {@link BinaryFrame}. */
    public static final String FETCH = "/flinkgw/v1/fetch";
    /** {@code POST}: cancels a statement's running query, {@code {"canceled":true|false}}. */
    public static final String CANCEL = "/flinkgw/v1/cancel";
    /** {@code POST ?types=&maxRows=}: the {@link ParameterDeclaration} of a prepared statement's next execution. */
    public static final String PARAMETERS = "/flinkgw/v1/parameters";
    /** {@code GET}: whether the gateway serves queries. */
    public static final String HEALTH = "/health";
    /** {@code GET}: gauges as a flat JSON object. */
    public static final String METRICS = "/metrics";

    /** The connection id (every statement endpoint). */
    public static final String CONNECTION = "connection";
    /** The statement id (every statement endpoint). */
    public static final String STATEMENT_ID = "statement";
    /** The first row of a fetch. */
    public static final String OFFSET = "offset";
    /** The most rows of a fetch. */
    public static final String ROWS = "rows";
    /** A query id. */
    public static final String QUERY_ID = "id";
    /** Parameter types, as {@link ParameterDeclaration#encodeTypes}. */
    public static final String TYPES = "types";
    /** The most rows a prepared statement's next execution returns; 0 for no limit. */
    public static final String MAX_ROWS = "maxRows";

    /** The JSON field of {@link #STATEMENT}'s answer. */
    public static final String QUERY_ID_FIELD = "queryId";
    /** The JSON field of {@link #CANCEL}'s answer. */
    public static final String CANCELED_FIELD = "canceled";

    /** HTTP status of a side call that failed with an SQL error; the body is an {@link ErrorBody}. */
    public static final int SQL_ERROR_STATUS = 409;

    private SidePaths() {}
}
