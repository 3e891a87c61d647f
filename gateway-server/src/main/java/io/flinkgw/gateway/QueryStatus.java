package io.flinkgw.gateway;

import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.ObservedStatus;
import io.flinkgw.gateway.query.QueryManager;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.security.Secrets;
import java.util.Optional;

/**
 * A query's status for {@code GET /flinkgw/v1/query?id=...}: the job store's record, refined by the
 * status chain while the query is not terminal (live cluster first, then the result's markers), so it
 * answers whether or not the query's cluster still exists.
 */
final class QueryStatus {

    private QueryStatus() {}

    /** The status JSON, or empty when the query does not exist or belongs to another authenticated user. */
    static Optional<String> describe(
            QueryManager queries, JobStatusSource statusChain, String queryId, Optional<String> requestUser) {
        Optional<QueryRecord> found;
        try {
            found = queries.find(queryId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return found.filter(record -> requestUser.isEmpty() || requestUser.get().equals(record.user())).map(record -> {
            String state = record.state().name();
            String source = "job-store";
            if (!record.state().isTerminal()) {
                Optional<ObservedStatus> observed = statusChain.observe(record);
                if (observed.isPresent()) {
                    state = observed.get().state().name();
                    source = observed.get().source();
                }
            }
            StringBuilder json = new StringBuilder("{");
            field(json, "queryId", record.queryId());
            field(json, "state", state);
            field(json, "source", source);
            record.flinkJobId().ifPresent(jobId -> field(json, "flinkJobId", jobId));
            record.clusterId().ifPresent(clusterId -> field(json, "clusterId", clusterId));
            record.rowCount().ifPresent(rows -> field(json, "rowCount", Long.toString(rows)));
            record.error().ifPresent(error -> field(json, "error", Secrets.redact(error)));
            return json.append('}').toString();
        });
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"").append(escape(value)).append('"');
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
