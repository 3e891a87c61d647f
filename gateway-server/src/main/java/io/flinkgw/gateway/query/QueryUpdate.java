package io.flinkgw.gateway.query;

import java.util.Optional;

/**
 * The fields a state transition sets besides the state; an empty field is left as it is.
 *
 * @param flinkJobId the Flink job id
 * @param clusterId the cluster id
 * @param resultSchema the result row type
 * @param rowCount rows in the committed result
 * @param error the root cause of a failure
 */
public record QueryUpdate(
        Optional<String> flinkJobId,
        Optional<String> clusterId,
        Optional<String> resultSchema,
        Optional<Long> rowCount,
        Optional<String> error) {

    /** Changes nothing but the state. */
    public static QueryUpdate none() {
        return new QueryUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Records where the query runs. */
    public static QueryUpdate deployed(String flinkJobId, String clusterId, String resultSchema) {
        return new QueryUpdate(
                Optional.of(flinkJobId), Optional.of(clusterId), Optional.of(resultSchema), Optional.empty(), Optional.empty());
    }

    /** Records where a query found again after a gateway restart runs (its schema comes from its manifest). */
    public static QueryUpdate attached(String flinkJobId, String clusterId) {
        return new QueryUpdate(Optional.of(flinkJobId), Optional.of(clusterId), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Records a committed result's size. */
    public static QueryUpdate finished(long rowCount) {
        return new QueryUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(rowCount), Optional.empty());
    }

    /** Records why the query failed or was cancelled. */
    public static QueryUpdate failed(String error) {
        return new QueryUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(error));
    }
}
