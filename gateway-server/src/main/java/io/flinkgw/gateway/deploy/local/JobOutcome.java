package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import org.apache.flink.api.common.JobStatus;

/**
 * How the job of a cluster process ended, as the process recorded it before it exited.
 *
 * @param status the job's terminal status
 * @param failure its failure in one line ({@code SimpleClassName: message}); empty unless it failed
 */
record JobOutcome(JobStatus status, String failure) {

    JobOutcome {
        requireNonNull(status, "status is null");
        requireNonNull(failure, "failure is null");
    }
}
