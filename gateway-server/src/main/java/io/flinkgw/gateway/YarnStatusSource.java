package io.flinkgw.gateway;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.yarn.YarnApplications;
import io.flinkgw.gateway.monitor.ResultMarkerStatusSource;
import io.flinkgw.gateway.query.JobStatusSource;
import io.flinkgw.gateway.query.ObservedStatus;
import io.flinkgw.gateway.query.QueryRecord;
import io.flinkgw.gateway.query.QueryState;
import io.flinkgw.gateway.result.ResultStore;
import java.util.Optional;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks YARN about a query's application once its JobManager is gone or unreachable: found by the
 * recorded application id, or by the query's tag when the gateway stopped before recording it. An
 * application YARN still runs (a new attempt after a lost JobManager) is RUNNING, never a failure; one
 * that succeeded without committing its result is a failure, never an empty result.
 */
final class YarnStatusSource implements JobStatusSource {

    private static final Logger LOG = LoggerFactory.getLogger(YarnStatusSource.class);

    private final YarnApplications applications;
    private final ResultStore resultStore;

    /** Creates the source over the gateway's YARN view and its result store. */
    YarnStatusSource(YarnApplications applications, ResultStore resultStore) {
        this.applications = requireNonNull(applications, "applications is null");
        this.resultStore = requireNonNull(resultStore, "resultStore is null");
    }

    @Override
    public Optional<ObservedStatus> observe(QueryRecord record) {
        Optional<ApplicationReport> found;
        try {
            found = applications.find(record.queryId(), record.clusterId());
        } catch (Exception e) {
            LOG.debug("YARN cannot be asked about query {}", record.queryId(), e);
            return Optional.empty();
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApplicationReport report = found.get();
        YarnApplicationState state = report.getYarnApplicationState();
        FinalApplicationStatus status = report.getFinalApplicationStatus();
        String summary = "YARN " + report.getApplicationId() + " " + state + "/" + status
                + (report.getCurrentApplicationAttemptId() == null
                        ? "" : " attempt " + report.getCurrentApplicationAttemptId().getAttemptId());
        switch (state) {
            case NEW:
            case NEW_SAVING:
            case SUBMITTED:
            case ACCEPTED:
            case RUNNING:
                return Optional.of(new ObservedStatus(QueryState.RUNNING, "yarn", Optional.of(summary)));
            case KILLED: // a cancelled query's record is CANCELED already; killed by anyone else it failed
            case FINISHED:
            case FAILED:
                return markers(record, report);
        }
        throw new AssertionError(state);
    }

    /** An ended application: what its result's markers say, else why YARN says it ended. */
    private Optional<ObservedStatus> markers(QueryRecord record, ApplicationReport report) {
        Optional<ObservedStatus> marked = new ResultMarkerStatusSource(resultStore).observe(record);
        if (marked.isPresent()) {
            return marked;
        }
        return Optional.of(new ObservedStatus(
                QueryState.FAILED, "yarn",
                Optional.of(YarnApplications.describeEnd(report.getApplicationId(), Optional.of(report)))));
    }
}
