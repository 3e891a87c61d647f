package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import io.flinkgw.gateway.deploy.DeployedJob;
import io.flinkgw.gateway.deploy.JobFailedException;
import io.flinkgw.gateway.error.RootCause;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;

/**
 * A query's job on a cluster process, followed over the cluster's REST endpoint and by the process's
 * exit: the job ends with the first of the two to tell, the REST endpoint's job result or, when the
 * process is gone, the outcome it recorded (or, when it recorded none, why it died).
 */
final class ProcessDeployedJob implements DeployedJob {

    /** How the JVM says it ended because of {@code -XX:+ExitOnOutOfMemoryError}. */
    private static final String OUT_OF_MEMORY_EXIT = "Terminating due to java.lang.OutOfMemoryError";
    private static final int OUT_OF_MEMORY_EXIT_CODE = 3;

    private final ClusterAddress address;
    private final JobID jobId;
    private final RestClusterClient<StandaloneClusterId> client;
    private final ProcessHandle process;
    private final ClusterRegistry registry;
    private final String memoryLimit;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    /**
     * Follows a job; {@code exitCode} tells the exit code of the process once it has exited (known
     * only for a process this gateway started).
     */
    ProcessDeployedJob(
            ClusterAddress address,
            JobID jobId,
            RestClusterClient<StandaloneClusterId> client,
            ProcessHandle process,
            CompletableFuture<OptionalInt> exitCode,
            ClusterRegistry registry,
            String memoryLimit) {
        this.address = requireNonNull(address, "address is null");
        this.jobId = requireNonNull(jobId, "jobId is null");
        this.client = requireNonNull(client, "client is null");
        this.process = requireNonNull(process, "process is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.memoryLimit = requireNonNull(memoryLimit, "memoryLimit is null");
        CompletableFuture<Void> resultAsked = client.requestJobResult(jobId).handle((result, unreachable) -> {
            if (result != null) {
                settle(LocalClusterProcess.outcomeOf(result));
            }
            return null; // unreachable: the process is gone or going; its exit settles the job
        });
        exitCode.whenComplete((code, ignored) -> {
            try {
                settleAfterExit(code == null ? OptionalInt.empty() : code);
            } finally {
                // closed once nothing waits on it, and not on the process reaper (closing waits for its threads)
                resultAsked.thenRunAsync(client::close);
                boolean succeeded = !completion.isCompletedExceptionally();
                registry.forget(address.tag(), succeeded ? ClusterRegistry.LogRetention.DELETE : ClusterRegistry.LogRetention.KEEP);
                exited.complete(null);
            }
        });
    }

    private void settleAfterExit(OptionalInt exitCode) {
        Optional<JobOutcome> outcome;
        try {
            outcome = registry.readOutcome(address.tag());
        } catch (RuntimeException e) {
            outcome = Optional.empty();
        }
        if (outcome.isPresent()) {
            settle(outcome.get());
        } else if (ranOutOfMemory(exitCode)) {
            completion.completeExceptionally(new JobFailedException(outOfMemory()));
        } else {
            Path log = registry.logFile(address.tag());
            completion.completeExceptionally(new JobFailedException("The query's cluster process ended unexpectedly"
                    + exitCode.stream().mapToObj(code -> " with exit code " + code).findFirst().orElse("")
                    + ": " + ClusterProcessLauncher.lastLines(log) + " (log: " + log + ")"));
        }
    }

    private boolean ranOutOfMemory(OptionalInt exitCode) {
        if (exitCode.isPresent() && exitCode.getAsInt() == OUT_OF_MEMORY_EXIT_CODE) {
            return true;
        }
        try {
            return Files.readString(registry.logFile(address.tag()), StandardCharsets.UTF_8).contains(OUT_OF_MEMORY_EXIT);
        } catch (IOException e) {
            return false;
        }
    }

    private void settle(JobOutcome outcome) {
        switch (outcome.status()) {
            case FINISHED:
                completion.complete(null);
                return;
            case CANCELED:
                completion.completeExceptionally(new JobFailedException("The job was canceled"));
                return;
            case FAILED:
                String failure = outcome.failure();
                completion.completeExceptionally(new JobFailedException(
                        RootCause.className(failure).equals(OutOfMemoryError.class.getSimpleName()) ? outOfMemory() : failure));
                return;
            case INITIALIZING:
            case CREATED:
            case RUNNING:
            case FAILING:
            case CANCELLING:
            case RESTARTING:
            case SUSPENDED:
            case RECONCILING:
                completion.completeExceptionally(new JobFailedException("The job ended " + outcome.status()));
                return;
        }
        throw new AssertionError(outcome.status());
    }

    /** The failure of a job whose process ran out of memory, in the {@code SimpleClassName: message} form. */
    private String outOfMemory() {
        return OutOfMemoryError.class.getSimpleName() + ": the query's cluster process ran out of memory (limit "
                + memoryLimit + ", deployment.local.process-memory)";
    }

    @Override
    public String jobId() {
        return jobId.toString();
    }

    @Override
    public String clusterId() {
        return address.toString();
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Completes once the process has exited and its record is forgotten. */
    CompletableFuture<Void> exited() {
        return exited;
    }

    @Override
    public Optional<JobStatus> liveStatus() {
        if (!process.isAlive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(client.getJobStatus(jobId).get(2, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Cancels the job, after which its process exits by itself; if the cluster cannot be told, or its
     * process has not exited half a minute later, the process is ended.
     */
    @Override
    public void cancel() {
        if (exited.isDone()) {
            return;
        }
        if (!completion.isDone()) { // else the job has ended and its process is exiting by itself
            client.cancel(jobId).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    process.destroyForcibly();
                }
            });
        }
        exited.copy().orTimeout(30, TimeUnit.SECONDS).whenComplete((ignored, timeout) -> {
            if (timeout != null) {
                process.destroyForcibly();
            }
        });
    }

    /** Ends the process at once. */
    void destroy() {
        process.destroyForcibly();
    }
}
