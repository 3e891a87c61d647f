package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

/**
 * A cluster process this gateway started, serving and not yet given a job.
 *
 * @param process the child process
 * @param entry its record in the registry
 */
record ClusterProcess(Process process, ClusterEntry entry) {

    ClusterProcess {
        requireNonNull(process, "process is null");
        requireNonNull(entry, "entry is null");
    }

    /** Ends the process at once. */
    void destroy() {
        process.destroyForcibly();
    }
}
