package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a cluster needs to run one query.
 *
 * @param queryId the query's id, which names and tags its cluster
 * @param executionPlan the job: the query rewritten to insert into its persisted result, serialized by
 *     {@link ExecutionPlans} (not copied)
 * @param configuration the session's Flink configuration the job runs with
 */
public record QueryDeployment(String queryId, byte[] executionPlan, Map<String, String> configuration) {

    public QueryDeployment {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(executionPlan, "executionPlan is null");
        configuration = Map.copyOf(requireNonNull(configuration, "configuration is null"));
    }
}
