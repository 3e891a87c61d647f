package io.flinkgw.gateway.deploy.local;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a query's cluster process is found again, recorded as the query's cluster id:
 * {@code local-process:<pid>:<rest port>:<tag>}. The tag is random and on the process's command line,
 * so a process that merely got the same id is never taken for the cluster.
 *
 * @param pid the cluster process's id
 * @param restPort the port its REST endpoint listens on, on 127.0.0.1
 * @param tag the random tag on its command line
 */
record ClusterAddress(long pid, int restPort, String tag) {

    private static final Pattern FORMAT = Pattern.compile("local-process:([0-9]+):([0-9]+):([0-9a-f]+)");

    ClusterAddress {
        requireNonNull(tag, "tag is null");
    }

    /** The address a cluster id written by {@link #toString} names; empty for any other id. */
    static Optional<ClusterAddress> parse(String clusterId) {
        Matcher matcher = FORMAT.matcher(clusterId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterAddress(
                Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)), matcher.group(3)));
    }

    /** Whether the process of this id runs and carries the tag on its command line. */
    boolean isRunning() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(CommandLines::of)
                .filter(command -> command.contains(LocalClusterProcess.TAG_ARGUMENT + " " + tag))
                .isPresent();
    }

    @Override
    public String toString() {
        return "local-process:" + pid + ":" + restPort + ":" + tag;
    }
}
