package io.flinkgw.gateway.monitor;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.ObservedStatus;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.query.QueryState;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;

/** Asks the query's own cluster, while it lives. */
public final class LiveClusterStatusSource implements JobStatusSource {

    private final Function<String, Optional<DeployedJob>> liveJobs;

    /** Creates the source over the gateway's running jobs, looked up by query id. */
    public LiveClusterStatusSource(Function<String, Optional<DeployedJob>> liveJobs) {
        this.liveJobs = requireNonNull(liveJobs, "liveJobs is null");
    }

    @Override
    public Optional<ObservedStatus> observe(QueryRecord record) {
        return liveJobs.apply(record.queryId())
                .flatMap(DeployedJob::liveStatus)
                .map(status -> new ObservedStatus(toQueryState(status), "cluster", Optional.of(status.name())));
    }

    static QueryState toQueryState(JobStatus status) {
        switch (status) {
            case FINISHED:
                return QueryState.FINISHED;
            case FAILED:
                return QueryState.FAILED;
            case CANCELED:
                return QueryState.CANCELED;
            case INITIALIZING:
            case CREATED:
            case RUNNING:
            case FAILING:
            case CANCELLING:
            case RESTARTING:
            case SUSPENDED:
            case RECONCILING:
                return QueryState.RUNNING;
        }
        throw new AssertionError(status);
    }
}
