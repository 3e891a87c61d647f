package io.flinkgw.gateway.deploy;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobStatus;

/** A query's job on its dedicated cluster. */
public interface DeployedJob {

    /** The Flink job id. */
    String jobId();

    /** The id of the dedicated cluster (a local cluster process's pid, REST port and tag, or a YARN application id). */
    String clusterId();

    /**
     * Completes when the job has ended and its cluster is being torn down: normally when the job
     * finished, exceptionally with the job's failure otherwise.
     */
    CompletableFuture<Void> completion();

    /** The job's status as its live cluster reports it; empty once the cluster is gone or unreachable. */
    Optional<JobStatus> liveStatus();

    /** Cancels the job and tears its cluster down; idempotent. */
    void cancel();
}
