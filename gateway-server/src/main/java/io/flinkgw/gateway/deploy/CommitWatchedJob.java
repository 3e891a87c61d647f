package io.flinkgw.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job whose result may be committed before the job ends. While the job runs, the marker its writer
 * leaves when it commits early (the result holds every row the query asks for) is looked for; once it
 * is there, the job is cancelled (it computes rows nobody asked for) and this job completes normally.
 * A result committed as its job ends is not such a marker: the job's other sinks (an INSERT's tables)
 * commit with the job, which is never cut short. A job that fails or is cancelled after its result was
 * committed early is finished too: the commit is the result, whatever the job did after it.
 */
final class CommitWatchedJob implements DeployedJob {

    private static final Logger LOG = LoggerFactory.getLogger(CommitWatchedJob.class);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

    /** Tells whether the job's result was committed early, while the job ran. */
    @FunctionalInterface
    interface CommitMarker {
        boolean isCommitted() throws IOException;
    }

    private final DeployedJob delegate;
    private final CommitMarker marker;
    private final ScheduledExecutorService watcher;
    private final Duration pollInterval;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile boolean committedEarly;

    CommitWatchedJob(DeployedJob delegate, CommitMarker marker, ScheduledExecutorService watcher, Duration pollInterval) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.marker = requireNonNull(marker, "marker is null");
        this.watcher = requireNonNull(watcher, "watcher is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Starts watching; returns this job. */
    CommitWatchedJob start() {
        delegate.completion().whenComplete((ignored, failure) -> settle(failure));
        schedule();
        return this;
    }

    private void schedule() {
        if (completion.isDone()) {
            return;
        }
        try {
            watcher.schedule(this::check, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the gateway is stopping: the job's own end settles it
        }
    }

    private void check() {
        if (completion.isDone()) {
            return;
        }
        try {
            if (marker.isCommitted()) {
                committedEarly = true;
                completion.complete(null);
                // a job whose source ends with the result (a LIMIT pushed into it) finishes by itself: it is
                // given a moment, as cancelling a job that just finished can leave its cluster behind
                try {
                    watcher.schedule(this::cancelIfRunning, CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    delegate.cancel(); // the gateway is stopping: no cluster is left behind
                }
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not look for the result of job {}; looking again", delegate.jobId(), e);
        }
        schedule();
    }

    private void cancelIfRunning() {
        if (delegate.completion().isDone()) {
            return;
        }
        Optional<JobStatus> status = delegate.liveStatus();
        if (status.isPresent() && status.get().isGloballyTerminalState()) {
            return;
        }
        LOG.info("The result of job {} is committed while the job runs; the job is cancelled", delegate.jobId());
        delegate.cancel();
    }

    private void settle(Throwable failure) {
        if (failure == null || committedEarly) {
            completion.complete(null);
            return;
        }
        try {
            if (marker.isCommitted()) {
                completion.complete(null);
                return;
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        completion.completeExceptionally(failure);
    }

    @Override
    public String jobId() {
        return delegate.jobId();
    }

    @Override
    public String clusterId() {
        return delegate.clusterId();
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** FINISHED once the result is committed, whatever the cancelled job says. */
    @Override
    public Optional<JobStatus> liveStatus() {
        if (committedEarly) {
            return Optional.of(JobStatus.FINISHED);
        }
        return delegate.liveStatus();
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }
}
