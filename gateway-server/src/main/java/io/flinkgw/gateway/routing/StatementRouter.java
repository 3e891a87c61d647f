package io.flinkgw.gateway.routing;

import io.flinkgw.dialect.ClassifiedStatement;

/** Decides where a classified statement runs. Sessions always run in batch mode. */
public final class StatementRouter {

    private StatementRouter() {}

    /** The route of {@code statement}. */
    public static Route route(ClassifiedStatement statement) {
        switch (statement.kind()) {
            case QUERY:
                return Route.PER_JOB_QUERY;
            case RESULT_SCAN:
                return Route.RESULT_SCAN;
            case PRIMARY_KEYS:
            case FUNCTIONS:
                return Route.METADATA;
            case INSERT:
                return Route.PER_JOB_UPDATE;
            case EMPTY:
                return Route.REJECT;
            case SET:
            case RESET:
            case USE:
            case SHOW:
            case DESCRIBE:
            case EXPLAIN:
            case DDL:
            case OTHER:
                return Route.SESSION;
        }
        throw new AssertionError(statement.kind());
    }
}
