package io.flinkgw.gateway.avatica;

import io.flinkgw.gateway.error.ErrorCode;
import io.flinkgw.gateway.error.GatewayException;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.result.ResultManifest;
import io.flinkgw.gateway.routing.Route;
import io.flinkgw.gateway.routing.StatementRouter;
import java.io.IOException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** {@code RESULT_SCAN('<query id>')}: a finished query's result, read again by the user who ran it. */
final class ResultScans {

    private ResultScans() {}

    /** The row type of a finished query's result, only for the user who ran it. */
    static RowType rowType(QueryManager queries, String queryId, String user) {
        GatewayException notFound =
                new GatewayException(ErrorCode.QUERY_NOT_FOUND, "No result with query id '" + queryId + "' exists for this user");
        QueryRecord record;
        try {
            record = queries.find(queryId).orElseThrow(() -> notFound);
        } catch (IllegalArgumentException e) {
            throw notFound;
        }
        if (!record.user().equals(user)) {
            throw notFound;
        }
        if (record.resultSchema().isPresent()) {
            LogicalType type = LogicalTypeParser.parse(record.resultSchema().get(), ResultScans.class.getClassLoader());
            return (RowType) type;
        }
        try {
            return queries.resultStore().manifest(queryId).map(ResultManifest::rowType).orElseThrow(() -> notFound);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.RESULT_UNAVAILABLE, "Result of query " + queryId + " cannot be read", e);
        }
    }

    /** Whether the query wrote tables (an INSERT or a statement set), whose count stands only once its job ended. */
    static boolean isWrite(QueryManager queries, String queryId) {
        return queries.find(queryId)
                .map(record -> StatementRouter.route(StatementRunner.classify(record.sql())) == Route.PER_JOB_UPDATE)
                .orElse(false);
    }
}
