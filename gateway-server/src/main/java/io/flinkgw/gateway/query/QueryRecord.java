package io.flinkgw.gateway.query;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the job store keeps of one query: enough to serve its result or explain its failure after the
 * cluster and the gateway that ran it are gone.
 *
 * @param queryId the unguessable id
 * @param user who ran it
 * @param sql the statement as received
 * @param state where it is in its lifecycle
 * @param flinkJobId the Flink job id, once deployed
 * @param clusterId the id of the cluster that ran it, once deployed
 * @param resultLocation the directory of its persisted result
 * @param resultSchema the result's row type (Flink's serializable type string)
 * @param rowCount rows in the committed result
 * @param error the root cause, when it failed
 * @param createdAt when it was recorded
 * @param updatedAt when it last changed
 */
public record QueryRecord(
        String queryId,
        String user,
        String sql,
        QueryState state,
        Optional<String> flinkJobId,
        Optional<String> clusterId,
        String resultLocation,
        Optional<String> resultSchema,
        Optional<Long> rowCount,
        Optional<String> error,
        Instant createdAt,
        Instant updatedAt) {

    public QueryRecord {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(user, "user is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(state, "state is null");
        requireNonNull(flinkJobId, "flinkJobId is null");
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(resultLocation, "resultLocation is null");
        requireNonNull(resultSchema, "resultSchema is null");
        requireNonNull(rowCount, "rowCount is null");
        requireNonNull(error, "error is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** A new record in state SUBMITTED, with the row type its result will have. */
    public static QueryRecord submitted(
            String queryId, String user, String sql, String resultLocation, String resultSchema, Instant now) {
        return new QueryRecord(
                queryId,
                user,
                sql,
                QueryState.SUBMITTED,
                Optional.empty(),
                Optional.empty(),
                resultLocation,
                Optional.of(resultSchema),
                Optional.empty(),
                Optional.empty(),
                now,
                now);
    }
}
