package io.flinkgw.gateway.session;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.table.types.logical.RowType;

/**
 * A batch SELECT rewritten to insert into its persisted result and translated into the job that
 * computes it.
 *
 * @param rowType the result's columns
 * @param executionPlan the job, serialized by {@link io.flinkgw.gateway.deploy.ExecutionPlans} (not copied)
 * @param configuration the session's Flink configuration the job must run with
 * @param sessionZone the session time zone (for TIMESTAMP_LTZ values)
 */
public record CompiledQuery(RowType rowType, byte[] executionPlan, Map<String, String> configuration, ZoneId sessionZone) {

    public CompiledQuery {
        requireNonNull(rowType, "rowType is null");
        requireNonNull(executionPlan, "executionPlan is null");
        configuration = Map.copyOf(requireNonNull(configuration, "configuration is null"));
        requireNonNull(sessionZone, "sessionZone is null");
    }
}
