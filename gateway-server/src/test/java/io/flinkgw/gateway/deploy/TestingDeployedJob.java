package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;

/** A job whose end the test decides: {@link #finish()}, {@link #fail(String)}, or a cancel. */
public final class TestingDeployedJob implements DeployedJob {

    private final String jobId;
    private final String clusterId;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicInteger cancels = new AtomicInteger();

    public TestingDeployedJob(String jobId, String clusterId) {
        this.jobId = requireNonNull(jobId, "jobId is null");
        this.clusterId = requireNonNull(clusterId, "clusterId is null");
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    @Override
    public Optional<JobStatus> liveStatus() {
        return completion.isDone() ? Optional.empty() : Optional.of(JobStatus.RUNNING);
    }

    /** Ends the job as a cancelled job ends: exceptionally. */
    @Override
    public void cancel() {
        cancels.incrementAndGet();
        completion.completeExceptionally(new JobFailedException("The job was cancelled"));
    }

    /** Ends the job successfully. */
    public void finish() {
        completion.complete(null);
    }

    /** Ends the job with a failure stated in one line. */
    public void fail(String reason) {
        completion.completeExceptionally(new JobFailedException(reason));
    }

    /** How often {@link #cancel()} was called. */
    public int cancels() {
        return cancels.get();
    }
}
