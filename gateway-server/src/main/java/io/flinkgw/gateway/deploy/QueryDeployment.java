package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a cluster needs to run one query.
 *
 * @param queryId the query's id, which names and tags its cluster
 * @param planJson the compiled plan: the query rewritten to insert into its persisted result
 * @param configuration the session's Flink configuration the job runs with
 */
public record QueryDeployment(String queryId, String planJson, Map<String, String> configuration) {

    public QueryDeployment {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(planJson, "planJson is null");
        configuration = Map.copyOf(requireNonNull(configuration, "configuration is null"));
    }
}
